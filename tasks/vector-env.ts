import type { Awaitable, Env, EnvSpec, StepInfo } from './env.js';
import type { CameraConfig } from '../render/camera-config.js';
import type { CameraImages } from '../render/renderer.js';
import type { BoxSpace } from './space.js';

/**
 * One step of N envs as flat batches. The arrays are reused by the next call: copy what must
 * outlive it.
 */
export interface VectorStep {
  /** numEnvs x obsDim observations. */
  obs: Float32Array;
  rewards: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  /** The task's success flag per env. */
  success: Uint8Array;
  /** Each env's info where the envs run on this thread; null entries where they run elsewhere (workers). */
  infos: (StepInfo | null)[];
}

/**
 * N envs of one task stepped in lockstep on flat Float32Array batches, with 'state'
 * observations. No autoreset: callers reset the batch with a seed per env. A batch of one
 * robot env is a vector env too, whose steps resolve after the control period.
 */
export interface VectorEnv extends Disposable {
  readonly numEnvs: number;
  readonly spec: EnvSpec;
  /** Space of one env's observation. */
  readonly observationSpace: BoxSpace;
  /** Space of one env's action. */
  readonly actionSpace: BoxSpace;
  /** The envs, where they live on this thread (for recording their state); null for worker envs. */
  readonly envs: readonly Env[] | null;
  /** Reset env i with seeds[i] (and `options` for every env); returns the observations (reused buffer). */
  reset(seeds: ArrayLike<number>, options?: Record<string, unknown>): Awaitable<Float32Array>;
  /** Step every env with its row of `actions` (numEnvs x actionDim). */
  step(actions: Float32Array): Awaitable<VectorStep>;
  /** Free every env (and worker). */
  close(): void;
  /** The cameras every env renders (image obs modes); absent in state mode. */
  readonly cameras?: readonly CameraConfig[];
  /** Their images after the last reset or step, by camera uid (reused buffers); absent in state mode. */
  readonly sensorData?: Readonly<Record<string, CameraImages>>;
}
