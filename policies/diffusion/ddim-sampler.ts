import { InvalidArgumentError } from '../../errors.js';
import type { DiffusionSchedulerConfig } from '../model/model-contract.js';
import { CleanSampleBound } from './clean-sample-bound.js';
import type { DiffusionSampler } from './diffusion-sampler.js';
import { inferenceTimesteps, NoiseSchedule } from './noise-schedule.js';

/** DDIM settings beyond the model's scheduler. */
export interface DdimOptions {
  /** Inference steps (default 10). */
  readonly steps?: number;
  /** Noise scale: 0 is the deterministic DDIM, 1 matches DDPM's variance (default 0). */
  readonly eta?: number;
  /** Elements in one sample (Tp x Da), over which dynamic thresholding takes its quantile (default: the whole buffer). */
  readonly chunkSize?: number;
}

/**
 * DDIM sampling (Song et al. 2021, as diffusers' DDIMScheduler):
 * x_prev = sqrt(abar_prev) x0 + sqrt(1 - abar_prev - sigma^2) eps + sigma z, with
 * sigma = eta * sqrt((1 - abar_prev) / (1 - abar_t) * (1 - abar_t / abar_prev)).
 * The noise estimate eps is the network's (or derived from it before x0 is clamped).
 */
export class DdimSampler implements DiffusionSampler {
  readonly timesteps: Int32Array;
  readonly stochastic: boolean;
  private readonly sqrtAlpha: Float64Array;
  private readonly sqrtOneMinusAlpha: Float64Array;
  private readonly sqrtAlphaPrev: Float64Array;
  private readonly direction: Float64Array;
  private readonly sigma: Float64Array;
  private readonly bound: CleanSampleBound;
  private x0 = new Float64Array(0);

  /**
   * @param config the model's scheduler settings.
   * @param options steps and eta.
   */
  constructor(private readonly config: DiffusionSchedulerConfig, options: DdimOptions = {}) {
    const steps = options.steps ?? 10;
    const eta = options.eta ?? 0;
    if (!(eta >= 0)) throw new InvalidArgumentError(`DDIM eta: expected a number >= 0, got ${eta}`);
    const ac = new NoiseSchedule(config).alphasCumprod;
    const final = config.setAlphaToOne ? 1 : ac[0]!;
    this.timesteps = inferenceTimesteps(config, steps);
    this.stochastic = eta > 0;
    // diffusers' DDIM steps back by floor(T / steps) whatever the spacing.
    const ratio = Math.floor(config.numTrainTimesteps / steps);
    this.sqrtAlpha = new Float64Array(steps);
    this.sqrtOneMinusAlpha = new Float64Array(steps);
    this.sqrtAlphaPrev = new Float64Array(steps);
    this.direction = new Float64Array(steps);
    this.sigma = new Float64Array(steps);
    for (let i = 0; i < steps; i++) {
      const t = this.timesteps[i]!;
      const a = ac[t]!;
      const aPrev = t - ratio >= 0 ? ac[t - ratio]! : final;
      const variance = ((1 - aPrev) / (1 - a)) * (1 - a / aPrev);
      const sigma = eta * Math.sqrt(variance);
      this.sqrtAlpha[i] = Math.sqrt(a);
      this.sqrtOneMinusAlpha[i] = Math.sqrt(1 - a);
      this.sqrtAlphaPrev[i] = Math.sqrt(aPrev);
      this.direction[i] = Math.sqrt(Math.max(1 - aPrev - sigma * sigma, 0));
      this.sigma[i] = sigma;
    }
    this.bound = new CleanSampleBound(config, options.chunkSize);
  }

  step(index: number, modelOutput: Float32Array, sample: Float32Array, noise: Float32Array | null): void {
    const sa = this.sqrtAlpha[index]!;
    const sb = this.sqrtOneMinusAlpha[index]!;
    const sap = this.sqrtAlphaPrev[index]!;
    const dir = this.direction[index]!;
    const sigma = this.sigma[index]!;
    if (sigma > 0 && (!noise || noise.length < sample.length)) throw new InvalidArgumentError('DdimSampler.step: expected noise of the sample size');
    const n = sample.length;
    const type = this.config.predictionType;
    if (this.x0.length < n) this.x0 = new Float64Array(n);
    const x0 = this.x0;
    // The clean-sample estimate, bounded (clamp or dynamic thresholding) over whole samples.
    for (let j = 0; j < n; j++) {
      const x = sample[j]!;
      const o = modelOutput[j]!;
      x0[j] = type === 'epsilon' ? (x - sb * o) / sa : type === 'sample' ? o : sa * x - sb * o;
    }
    this.bound.apply(x0, n);
    for (let j = 0; j < n; j++) {
      const x = sample[j]!;
      const o = modelOutput[j]!;
      // The noise estimate stays the unbounded one, as diffusers' default (use_clipped_model_output=False).
      const e = type === 'epsilon' ? o : type === 'sample' ? (x - sa * o) / sb : sa * o + sb * x;
      sample[j] = sap * x0[j]! + dir * e + (sigma > 0 ? sigma * noise![j]! : 0);
    }
  }
}
