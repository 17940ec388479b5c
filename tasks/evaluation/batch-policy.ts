/**
 * What evaluation needs of a policy: a batch of flat observations in, a batch of actions out.
 * Any policy of policies/ fits, and so do scripted experts.
 */
export interface BatchPolicy {
  /** Start new episodes for a batch of `n` envs, env i's randomness seeded by seeds[i] when given. */
  reset(n: number, seeds?: readonly number[]): void | Promise<void>;
  /** Actions (n x actionDim) for observations (n x obsDim). */
  act(obs: Float32Array, n: number): Float32Array | Promise<Float32Array>;
  /** Free what the policy holds (model sessions). */
  close?(): Promise<void>;
}
