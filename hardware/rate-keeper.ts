import { setImmediate as yieldNow } from 'node:timers/promises';

// Timers fire up to a few ms late; sleep until this close to a deadline, then spin on setImmediate
// (which still serves socket I/O) for the rest.
const SPIN_MS = 2;

/**
 * Keeps a loop at a fixed rate: wait() resolves at each deadline (start + k * period), sleeping
 * with a timer and spinning only the last couple of milliseconds. A step that overruns skips to
 * the next deadline instead of bursting. Tick intervals are kept for jitter statistics.
 */
export class RateKeeper {
  /** Period, ms. */
  readonly periodMs: number;
  /** Deadlines missed because a step ran past the next one. */
  overruns = 0;
  private next = 0;
  private last = 0;
  private readonly intervals: number[] = [];

  /** @param hz rate; Infinity runs unpaced (simulation as fast as it goes). */
  constructor(readonly hz: number) {
    this.periodMs = 1000 / hz;
  }

  /** Restart the schedule from now (after a reset or a pause). */
  restart(): void {
    this.next = performance.now();
    this.last = 0;
  }

  /** Wait for the next deadline; resolves with the tick time (performance.now()). */
  async wait(): Promise<number> {
    if (!Number.isFinite(this.periodMs) || this.periodMs <= 0) return performance.now();
    if (this.next === 0) this.restart();
    let now = performance.now();
    if (now > this.next + this.periodMs) {
      this.overruns += Math.floor((now - this.next) / this.periodMs);
      this.next = now;
    }
    const sleep = this.next - now - SPIN_MS;
    if (sleep > 0) await new Promise((r) => setTimeout(r, sleep));
    while ((now = performance.now()) < this.next) await yieldNow();
    if (this.last > 0) this.intervals.push(now - this.last);
    this.last = now;
    this.next += this.periodMs;
    return now;
  }

  /** Deviations |interval - period| of every tick so far, ms. */
  jitter(): number[] {
    return this.intervals.map((x) => Math.abs(x - this.periodMs));
  }
}

/** The q-quantile (0..1) of values, linear between order statistics; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
}
