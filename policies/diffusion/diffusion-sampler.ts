/**
 * A reverse-diffusion update rule: walks a sample from pure noise to data along fixed
 * timesteps, given the network's output at each. Samples are normalized action chunks.
 */
export interface DiffusionSampler {
  /** Training timesteps visited, largest first; timesteps[i] is fed to the network at step i. */
  readonly timesteps: Int32Array;
  /** Whether step() adds fresh noise (and so needs the `noise` argument). */
  readonly stochastic: boolean;
  /**
   * Replace x_t by x_{t_prev} in place.
   * @param index position in `timesteps`.
   * @param modelOutput the network's output for `sample` at timesteps[index] (noise or clean sample, per the contract).
   * @param sample x_t in, x_{t_prev} out.
   * @param noise standard normal draws of the sample's size, for stochastic samplers; ignored otherwise.
   */
  step(index: number, modelOutput: Float32Array, sample: Float32Array, noise: Float32Array | null): void;
}
