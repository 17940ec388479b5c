import { constants } from 'node:os';

type StopSignal = 'SIGINT' | 'SIGTERM';

/**
 * SIGINT and SIGTERM turned into a stop that the rollout checks between steps, so the episode
 * in progress is discarded, the recording closed and the report written, instead of the process
 * ending mid-write. A second signal of the same kind finds no handler and ends the process at once.
 */
export class SignalStop implements Disposable {
  private readonly controller = new AbortController();
  /** Aborted, with the signal's name as reason, when one came. */
  readonly signal = this.controller.signal;
  /** Resolves false when a signal comes: race it against a wait that should end then. */
  readonly stopped: Promise<false>;
  private readonly handlers: [StopSignal, () => void][] = [];

  constructor() {
    this.stopped = new Promise((resolve) => this.signal.addEventListener('abort', () => resolve(false), { once: true }));
    for (const name of ['SIGINT', 'SIGTERM'] as const) {
      const handler = () => this.controller.abort(name);
      process.once(name, handler);
      this.handlers.push([name, handler]);
    }
  }

  /** The signal that came, or null. */
  get received(): StopSignal | null {
    return this.signal.aborted ? (this.signal.reason as StopSignal) : null;
  }

  /** The shell's exit status for the signal that came (128 + its number: 130, 143), else `otherwise`. */
  exitCode(otherwise: number): number {
    const s = this.received;
    return s ? 128 + constants.signals[s] : otherwise;
  }

  [Symbol.dispose](): void {
    for (const [name, handler] of this.handlers) process.off(name, handler);
  }
}
