import type { Awaitable, Env, EnvPhysics, EnvSnapshots, EnvSpec, Observation, ResetArgs, ResetResult, StepInfo, StepResult } from '../env.js';
import type { BoxSpace } from '../space.js';

/**
 * Base of env wrappers: forwards everything to the wrapped env, synchronous or not; subclasses
 * change one thing.
 */
export class Wrapper<O = Observation, I extends StepInfo = StepInfo> implements Env<O, I> {
  constructor(readonly env: Env<O, I>) {}

  get spec(): EnvSpec {
    return this.env.spec;
  }

  get observationSpace(): BoxSpace {
    return this.env.observationSpace;
  }

  get actionSpace(): BoxSpace {
    return this.env.actionSpace;
  }

  get snapshots(): EnvSnapshots | null {
    return this.env.snapshots;
  }

  get physics(): EnvPhysics | null {
    return this.env.physics;
  }

  /** The innermost env. */
  get unwrapped(): Env<O, I> {
    return this.env instanceof Wrapper ? (this.env as Wrapper<O, I>).unwrapped : this.env;
  }

  reset(args?: ResetArgs): Awaitable<ResetResult<O, I>> {
    return this.env.reset(args);
  }

  step(action: ArrayLike<number>): Awaitable<StepResult<O, I>> {
    return this.env.step(action);
  }

  close(): void {
    this.env.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
