import { InvalidArgumentError } from '../../errors.js';
import type { DiffusionSchedulerConfig } from '../model/model-contract.js';
import { CleanSampleBound } from './clean-sample-bound.js';
import type { DiffusionSampler } from './diffusion-sampler.js';
import { inferenceTimesteps, NoiseSchedule } from './noise-schedule.js';

/**
 * Ancestral DDPM sampling (Ho et al. 2020, as diffusers' DDPMScheduler):
 * x_prev = c0 * x0 + cx * x_t + sigma * z, with
 * c0 = sqrt(abar_prev) beta_t' / (1 - abar_t), cx = sqrt(alpha_t') (1 - abar_prev) / (1 - abar_t),
 * sigma^2 = (1 - abar_prev) / (1 - abar_t) * beta_t' (`fixed_small`) or beta_t' (`fixed_large`), where alpha_t' = abar_t / abar_prev and
 * beta_t' = 1 - alpha_t' (they reduce to alpha_t and beta_t when every step is visited).
 */
export class DdpmSampler implements DiffusionSampler {
  readonly timesteps: Int32Array;
  readonly stochastic = true;
  private readonly sqrtAlpha: Float64Array;
  private readonly sqrtOneMinusAlpha: Float64Array;
  private readonly c0: Float64Array;
  private readonly cx: Float64Array;
  private readonly sigma: Float64Array;
  private readonly bound: CleanSampleBound;
  private x0 = new Float64Array(0);

  /**
   * @param config the model's scheduler settings.
   * @param steps inference steps (default: every training step).
   * @param chunkSize elements in one sample (Tp x Da), over which dynamic thresholding takes its quantile (default: the whole buffer).
   */
  constructor(private readonly config: DiffusionSchedulerConfig, steps = config.numTrainTimesteps, chunkSize?: number) {
    const schedule = new NoiseSchedule(config);
    const ac = schedule.alphasCumprod;
    this.timesteps = inferenceTimesteps(config, steps);
    this.sqrtAlpha = new Float64Array(steps);
    this.sqrtOneMinusAlpha = new Float64Array(steps);
    this.c0 = new Float64Array(steps);
    this.cx = new Float64Array(steps);
    this.sigma = new Float64Array(steps);
    for (let i = 0; i < steps; i++) {
      const t = this.timesteps[i]!;
      const a = ac[t]!;
      // diffusers' DDPM steps to the next inference timestep, past the last one to alpha_bar = 1.
      const aPrev = i + 1 < steps ? ac[this.timesteps[i + 1]!]! : 1;
      const alpha = a / aPrev;
      const beta = 1 - alpha;
      this.sqrtAlpha[i] = Math.sqrt(a);
      this.sqrtOneMinusAlpha[i] = Math.sqrt(1 - a);
      this.c0[i] = (Math.sqrt(aPrev) * beta) / (1 - a);
      this.cx[i] = (Math.sqrt(alpha) * (1 - aPrev)) / (1 - a);
      // No noise is added on the last step (t = 0); diffusers clamps the small variance at 1e-20.
      const variance = config.varianceType === 'fixed_large' ? beta : Math.max(((1 - aPrev) / (1 - a)) * beta, 1e-20);
      this.sigma[i] = t > 0 ? Math.sqrt(variance) : 0;
    }
    this.bound = new CleanSampleBound(config, chunkSize);
  }

  step(index: number, modelOutput: Float32Array, sample: Float32Array, noise: Float32Array | null): void {
    const sa = this.sqrtAlpha[index]!;
    const sb = this.sqrtOneMinusAlpha[index]!;
    const c0 = this.c0[index]!;
    const cx = this.cx[index]!;
    const sigma = this.sigma[index]!;
    if (sigma > 0 && (!noise || noise.length < sample.length)) throw new InvalidArgumentError('DdpmSampler.step: expected noise of the sample size');
    const type = this.config.predictionType;
    const n = sample.length;
    if (this.x0.length < n) this.x0 = new Float64Array(n);
    const x0 = this.x0;
    for (let j = 0; j < n; j++) {
      const x = sample[j]!;
      const o = modelOutput[j]!;
      x0[j] = type === 'epsilon' ? (x - sb * o) / sa : type === 'sample' ? o : sa * x - sb * o;
    }
    // Clamp or dynamic thresholding, over whole samples.
    this.bound.apply(x0, n);
    for (let j = 0; j < n; j++) sample[j] = c0 * x0[j]! + cx * sample[j]! + (sigma > 0 ? sigma * noise![j]! : 0);
  }
}
