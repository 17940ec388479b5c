import { InvalidArgumentError } from '../../errors.js';
import { thenMap, type Awaitable, type Env, type Observation, type ResetArgs, type ResetResult, type StepInfo, type StepResult } from '../env.js';
import { BoxSpace } from '../space.js';
import { Wrapper } from './wrapper.js';

/** The observation key the one-hot is added under. */
export const TASK_ONE_HOT_KEY = 'task_one_hot';

/**
 * Appends the task's one-hot id over a list of tasks (a multi-task benchmark's, in its order) to
 * every observation, as the multi-task baselines of Meta-World condition one network on the task:
 * a field `task_one_hot` after the task's own, so policies that do not read it are unaffected.
 * The appended frame is one buffer reused every step, like the sim env's own.
 */
export class TaskOneHot<I extends StepInfo = StepInfo> extends Wrapper<Observation, I> {
  private readonly space: BoxSpace;
  private readonly hot: Float32Array;
  private flat: Float32Array | null = null;

  constructor(env: Env<Observation, I>, tasks: readonly string[]) {
    super(env);
    const at = tasks.indexOf(env.spec.id);
    if (at < 0) throw new InvalidArgumentError(`task one-hot: ${env.spec.id} is not among the tasks it is taken over (${tasks.join(', ')})`);
    this.hot = new Float32Array(tasks.length);
    this.hot[at] = 1;
    const inner = env.observationSpace;
    const low = new Float32Array(inner.size + tasks.length);
    const high = new Float32Array(inner.size + tasks.length);
    low.set(inner.low);
    high.set(inner.high);
    high.fill(1, inner.size);
    this.space = new BoxSpace(low, high, [...inner.fields, { key: TASK_ONE_HOT_KEY, offset: inner.size, size: tasks.length }]);
  }

  override get observationSpace(): BoxSpace {
    return this.space;
  }

  override reset(args?: ResetArgs): Awaitable<ResetResult<Observation, I>> {
    return thenMap(super.reset(args), (r) => ({ ...r, obs: this.extend(r.obs) }));
  }

  override step(action: ArrayLike<number>): Awaitable<StepResult<Observation, I>> {
    return thenMap(super.step(action), (r) => {
      r.obs = this.extend(r.obs);
      return r;
    });
  }

  private extend(obs: Observation): Observation {
    if (!(obs instanceof Float32Array)) return { ...obs, [TASK_ONE_HOT_KEY]: this.hot };
    this.flat ??= new Float32Array(this.space.size);
    this.flat.set(obs);
    this.flat.set(this.hot, obs.length);
    return this.flat;
  }
}
