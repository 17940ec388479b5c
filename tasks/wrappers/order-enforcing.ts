import { ResetNeededError } from '../env-errors.js';
import type { Awaitable, EnvSnapshots, Observation, ResetArgs, ResetResult, StepInfo, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/** Throws ResetNeededError on step() before the first reset() or after close(). */
export class OrderEnforcing<O = Observation, I extends StepInfo = StepInfo> extends Wrapper<O, I> {
  private hasReset = false;
  private closed = false;

  override get snapshots(): EnvSnapshots | null {
    const inner = this.env.snapshots;
    if (!inner) return null;
    return {
      getState: () => inner.getState(),
      setState: (state) => {
        this.assertOpen('setState');
        inner.setState(state);
        this.hasReset = true;
      },
    };
  }

  override reset(args?: ResetArgs): Awaitable<ResetResult<O, I>> {
    this.assertOpen('reset');
    this.hasReset = true;
    return super.reset(args);
  }

  override step(action: ArrayLike<number>): Awaitable<StepResult<O, I>> {
    this.assertOpen('step');
    if (!this.hasReset) throw new ResetNeededError(`${this.spec.id}: step() called before reset(); call reset() first`);
    return super.step(action);
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
