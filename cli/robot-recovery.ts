import { nextKey, type KeySource } from '../hardware/input/key-source.js';
import type { DriverStatus, RobotDriver } from '../hardware/robot-driver.js';

// Consecutive interruptions without a finished episode that deploy recovers from, and the wait
// before the first retry of a robot that is still armed (a failed reset), doubled each time.
const MAX_RECOVERIES = 3;
const FIRST_BACKOFF_MS = 500;
const BACK_TIMEOUT_MS = 30_000;

/**
 * Recovery after an interruption: wait for the robot to come back, ask the operator for the
 * explicit re-arm, and re-arm; a robot still armed (its reset failed) is retried after a
 * growing pause. Gives up after MAX_RECOVERIES in a row.
 */
export class Recovery {
  private streak = 0;

  constructor(
    private readonly driver: RobotDriver,
    private readonly keys: KeySource | null,
    private readonly log: (l: string) => void,
    private readonly firstBackoffMs = FIRST_BACKOFF_MS,
  ) {}

  /** An episode finished: the streak starts again. */
  episodeDone(): void {
    this.streak = 0;
  }

  /** Resolve true to redo the interrupted episode. */
  async recover(why: string): Promise<boolean> {
    const d = this.driver;
    if (++this.streak > MAX_RECOVERIES) {
      this.log(`interrupted ${MAX_RECOVERIES + 1} times in a row (${why}); stopping`);
      return false;
    }
    this.log(`interrupted (${why}); waiting for the robot`);
    if (d.status === 'armed') {
      await sleep(this.firstBackoffMs * 2 ** (this.streak - 1));
      return true;
    }
    const deadline = performance.now() + BACK_TIMEOUT_MS;
    // The status changes under us (sockets, keys): read it afresh each time.
    const status = (): DriverStatus => d.status;
    while (performance.now() < deadline) {
      if (status() === 'armed') return true;
      if (status() === 'unarmed') {
        if (!this.keys || !(await this.askRearm())) return false;
        try {
          d.rearm();
          this.log('re-armed');
          return true;
        } catch (e) {
          this.log((e as Error).message);
        }
      }
      await sleep(50);
    }
    return false;
  }

  private async askRearm(): Promise<boolean> {
    this.log('robot back: press "a" to re-arm, "q" to stop');
    return (await nextKey(this.keys!, ['a', 'q'])) === 'a';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
