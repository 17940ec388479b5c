import type { Env, EnvState, Observation, ResetArgs, ResetResult, StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/** Sets `truncated` once the episode reaches `maxEpisodeSteps` control steps. */
export class TimeLimit<O = Observation> extends Wrapper<O> {
  /** Control steps taken in this episode. */
  elapsedSteps = 0;

  constructor(env: Env<O>, readonly maxEpisodeSteps: number = env.spec.maxEpisodeSteps) {
    super(env);
  }

  override reset(args?: ResetArgs): ResetResult<O> {
    this.elapsedSteps = 0;
    const r = super.reset(args);
    r.info['elapsed_steps'] = 0;
    return r;
  }

  override step(action: ArrayLike<number>): StepResult<O> {
    const r = super.step(action);
    this.elapsedSteps++;
    r.info['elapsed_steps'] = this.elapsedSteps;
    if (this.elapsedSteps >= this.maxEpisodeSteps) r.truncated = true;
    return r;
  }

  override getState(): EnvState {
    return { ...super.getState(), elapsedSteps: this.elapsedSteps };
  }

  override setState(state: EnvState): void {
    super.setState(state);
    this.elapsedSteps = state['elapsedSteps'] as number;
  }
}
