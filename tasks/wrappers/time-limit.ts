import { thenMap, type Awaitable, type Env, type EnvSnapshots, type Observation, type ResetArgs, type ResetResult, type StepInfo, type StepResult } from '../env.js';
import { Wrapper } from './wrapper.js';

/** Sets `truncated` once the episode reaches `maxEpisodeSteps` control steps. */
export class TimeLimit<O = Observation, I extends StepInfo = StepInfo> extends Wrapper<O, I> {
  /** Control steps taken in this episode. */
  elapsedSteps = 0;

  constructor(env: Env<O, I>, readonly maxEpisodeSteps: number = env.spec.maxEpisodeSteps) {
    super(env);
  }

  override get snapshots(): EnvSnapshots | null {
    const inner = this.env.snapshots;
    if (!inner) return null;
    return {
      getState: () => ({ ...inner.getState(), elapsedSteps: this.elapsedSteps }),
      setState: (state) => {
        inner.setState(state);
        this.elapsedSteps = state['elapsedSteps'] as number;
      },
    };
  }

  override reset(args?: ResetArgs): Awaitable<ResetResult<O, I>> {
    this.elapsedSteps = 0;
    return thenMap(super.reset(args), (r) => {
      r.info.elapsed_steps = 0;
      return r;
    });
  }

  override step(action: ArrayLike<number>): Awaitable<StepResult<O, I>> {
    return thenMap(super.step(action), (r) => {
      this.elapsedSteps++;
      r.info.elapsed_steps = this.elapsedSteps;
      if (this.elapsedSteps >= this.maxEpisodeSteps) r.truncated = true;
      return r;
    });
  }
}
