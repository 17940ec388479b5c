import type { Env, EnvSpec, EnvState, Observation, ResetArgs, ResetResult, StepResult } from '../env.js';
import type { BoxSpace } from '../space.js';

/** Base of env wrappers: forwards everything to the wrapped env; subclasses change one thing. */
export class Wrapper<O = Observation> implements Env<O> {
  constructor(readonly env: Env<O>) {}

  get spec(): EnvSpec {
    return this.env.spec;
  }

  get observationSpace(): BoxSpace {
    return this.env.observationSpace;
  }

  get actionSpace(): BoxSpace {
    return this.env.actionSpace;
  }

  /** The innermost env. */
  get unwrapped(): Env<O> {
    return this.env instanceof Wrapper ? (this.env as Wrapper<O>).unwrapped : this.env;
  }

  reset(args?: ResetArgs): ResetResult<O> {
    return this.env.reset(args);
  }

  step(action: ArrayLike<number>): StepResult<O> {
    return this.env.step(action);
  }

  getState(): EnvState {
    return this.env.getState();
  }

  setState(state: EnvState): void {
    this.env.setState(state);
  }

  close(): void {
    this.env.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
