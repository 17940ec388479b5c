import type { EnvSpec } from './env.js';
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
}

/**
 * N envs of one task stepped in lockstep on flat Float32Array batches, with 'state'
 * observations. No autoreset: callers reset the batch with a seed per env, as evaluation on
 * fixed-length episodes needs.
 */
export interface VectorEnv extends Disposable {
  readonly numEnvs: number;
  readonly spec: EnvSpec;
  /** Space of one env's observation. */
  readonly observationSpace: BoxSpace;
  /** Space of one env's action. */
  readonly actionSpace: BoxSpace;
  /** Reset env i with seeds[i]; returns the observations (reused buffer). */
  reset(seeds: ArrayLike<number>): Float32Array;
  /** Step every env with its row of `actions` (numEnvs x actionDim). */
  step(actions: Float32Array): VectorStep;
  /** Free every env (and worker). */
  close(): void;
}
