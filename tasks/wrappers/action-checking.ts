import { InvalidActionError } from '../env-errors.js';
import type { Awaitable, EnvSpec, Observation, StepInfo, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/**
 * Refuse an action of the wrong length or with a NaN or infinite entry, naming the problem, as
 * ActionChecking does. Exported so that code stepping many envs at once (the env server) can
 * check every env's row before any env steps, and refuse with the env's own message.
 * @param size entries one action has.
 * @throws InvalidActionError naming what was expected and what came.
 */
export function checkAction(spec: EnvSpec, size: number, action: ArrayLike<number>): void {
  if (action === null || typeof action !== 'object' || typeof action.length !== 'number') {
    throw new InvalidActionError(`${spec.id}: expected an action array of ${size} numbers (${spec.controlMode}), got ${action === null ? 'null' : typeof action}`);
  }
  if (action.length !== size) {
    throw new InvalidActionError(`${spec.id}: expected an action of ${size} entries for ${spec.controlMode}, got ${action.length}`);
  }
  for (let i = 0; i < size; i++) {
    const v = action[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new InvalidActionError(`${spec.id}: action[${i}] must be a finite number, got ${String(v)}`);
    }
  }
}

/**
 * Refuses actions of the wrong length or with NaN or infinite entries before they reach the
 * controller, naming the problem. (In-range clipping is the controller's job.)
 */
export class ActionChecking<O = Observation, I extends StepInfo = StepInfo> extends Wrapper<O, I> {
  override step(action: ArrayLike<number>): Awaitable<StepResult<O, I>> {
    checkAction(this.spec, this.actionSpace.size, action);
    return super.step(action);
  }
}
