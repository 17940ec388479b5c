import { InvalidActionError } from '../env-errors.js';
import type { Awaitable, Observation, StepInfo, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/**
 * Refuses actions of the wrong length or with NaN or infinite entries before they reach the
 * controller, naming the problem. (In-range clipping is the controller's job.)
 */
export class ActionChecking<O = Observation, I extends StepInfo = StepInfo> extends Wrapper<O, I> {
  override step(action: ArrayLike<number>): Awaitable<StepResult<O, I>> {
    const n = this.actionSpace.size;
    if (action === null || typeof action !== 'object' || typeof action.length !== 'number') {
      throw new InvalidActionError(`${this.spec.id}: expected an action array of ${n} numbers (${this.spec.controlMode}), got ${action === null ? 'null' : typeof action}`);
    }
    if (action.length !== n) {
      throw new InvalidActionError(`${this.spec.id}: expected an action of ${n} entries for ${this.spec.controlMode}, got ${action.length}`);
    }
    for (let i = 0; i < n; i++) {
      const v = action[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new InvalidActionError(`${this.spec.id}: action[${i}] must be a finite number, got ${String(v)}`);
      }
    }
    return super.step(action);
  }
}
