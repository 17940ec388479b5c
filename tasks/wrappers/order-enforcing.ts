import { ResetNeededError } from '../env-errors.js';
import type { EnvState, Observation, ResetArgs, ResetResult, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/** Throws ResetNeededError on step() before the first reset() or after close(). */
export class OrderEnforcing<O = Observation> extends Wrapper<O> {
  private hasReset = false;
  private closed = false;

  override reset(args?: ResetArgs): ResetResult<O> {
    this.assertOpen('reset');
    this.hasReset = true;
    return super.reset(args);
  }

  override step(action: ArrayLike<number>): StepResult<O> {
    this.assertOpen('step');
    if (!this.hasReset) throw new ResetNeededError(`${this.spec.id}: step() called before reset(); call reset() first`);
    return super.step(action);
  }

  override setState(state: EnvState): void {
    this.assertOpen('setState');
    super.setState(state);
    this.hasReset = true;
  }

  override close(): void {
    if (this.closed) return;
    this.closed = true;
    super.close();
  }

  private assertOpen(what: string): void {
    if (this.closed) throw new ResetNeededError(`${this.spec.id}: ${what}() called after close()`);
  }
}
