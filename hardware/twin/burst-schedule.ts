import { Rng } from '../../math/rng.js';

/** Bursty delivery: the stream flows for flowMs, then stops for a gap drawn from gapMs, and so on. */
export interface BurstTiming {
  /** Gap length range, ms (uniform). */
  gapMs: readonly [number, number];
  /** Time the stream flows between gaps, ms. */
  flowMs: number;
}

/**
 * The recorded rosbridge 0.11.17 delivered a 500 Hz joint-state stream with 114 gaps of
 * 34-46 ms in 6.4 s (one every 56 ms on average, so about 16 ms of flow between them),
 * whether or not armkit was connected.
 */
export const RECORDED_BURSTS: BurstTiming = { gapMs: [34, 46], flowMs: 16 };

/**
 * When a bursty stream is open. Messages made during a gap wait and leave together when it ends,
 * as the real server's backlog did. Gap lengths come from a seeded generator.
 */
export class BurstSchedule {
  private readonly rng: Rng;
  private gapStart: number;
  private gapEnd: number;

  /** @param start time the stream starts flowing (performance.now() ms). */
  constructor(readonly timing: BurstTiming, seed: number, start: number) {
    this.rng = new Rng(seed);
    this.gapStart = start + timing.flowMs;
    this.gapEnd = this.gapStart + this.draw();
  }

  /** Whether a message made at `now` leaves now (false: it waits for the end of the gap). */
  open(now: number): boolean {
    while (now >= this.gapEnd) {
      this.gapStart = this.gapEnd + this.timing.flowMs;
      this.gapEnd = this.gapStart + this.draw();
    }
    return now < this.gapStart;
  }

  private draw(): number {
    const [lo, hi] = this.timing.gapMs;
    return this.rng.uniform(lo, hi);
  }
}
