import { InvalidArgumentError } from '../../errors.js';
import type { DiffusionSchedulerConfig } from '../model/model-contract.js';
import type { DiffusionSampler } from './diffusion-sampler.js';
import { leadingTimesteps, NoiseSchedule } from './noise-schedule.js';

/** DDIM settings beyond the model's scheduler. */
export interface DdimOptions {
  /** Inference steps (default 10). */
  readonly steps?: number;
  /** Noise scale: 0 is the deterministic DDIM, 1 matches DDPM's variance (default 0). */
  readonly eta?: number;
  /** Whether the step after t = 0 lands on alpha_bar = 1 rather than alpha_bar_0 (default true, as diffusion_policy). */
  readonly setAlphaToOne?: boolean;
}

/**
 * DDIM sampling (Song et al. 2021, as diffusers' DDIMScheduler):
 * x_prev = sqrt(abar_prev) x0 + sqrt(1 - abar_prev - sigma^2) eps + sigma z, with
 * sigma = eta * sqrt((1 - abar_prev) / (1 - abar_t) * (1 - abar_t / abar_prev)).
 * The noise estimate eps is the network's (or derived from it before x0 is clamped).
 */
export class DdimSampler implements DiffusionSampler {
  /** @inheritdoc */
  readonly timesteps: Int32Array;
  /** @inheritdoc */
  readonly stochastic: boolean;
  private readonly sqrtAlpha: Float64Array;
  private readonly sqrtOneMinusAlpha: Float64Array;
  private readonly sqrtAlphaPrev: Float64Array;
  private readonly direction: Float64Array;
  private readonly sigma: Float64Array;
  private readonly lo: number;
  private readonly hi: number;

  /**
   * @param config the model's scheduler settings.
   * @param options steps, eta and the final alpha.
   */
  constructor(private readonly config: DiffusionSchedulerConfig, options: DdimOptions = {}) {
    const steps = options.steps ?? 10;
    const eta = options.eta ?? 0;
    if (!(eta >= 0)) throw new InvalidArgumentError(`DDIM eta: expected a number >= 0, got ${eta}`);
    const ac = new NoiseSchedule(config).alphasCumprod;
    const final = options.setAlphaToOne ?? true ? 1 : ac[0]!;
    this.timesteps = leadingTimesteps(config.numTrainTimesteps, steps);
    this.stochastic = eta > 0;
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
    this.lo = config.clipSample ? -config.clipSampleRange : -Infinity;
    this.hi = config.clipSample ? config.clipSampleRange : Infinity;
  }

  /** @inheritdoc */
  step(index: number, modelOutput: Float32Array, sample: Float32Array, noise: Float32Array | null): void {
    const sa = this.sqrtAlpha[index]!;
    const sb = this.sqrtOneMinusAlpha[index]!;
    const sap = this.sqrtAlphaPrev[index]!;
    const dir = this.direction[index]!;
    const sigma = this.sigma[index]!;
    if (sigma > 0 && (!noise || noise.length < sample.length)) throw new InvalidArgumentError('DdimSampler.step: expected noise of the sample size');
    const lo = this.lo;
    const hi = this.hi;
    const n = sample.length;
    if (this.config.predictionType === 'epsilon') {
      const inv = 1 / sa;
      for (let j = 0; j < n; j++) {
        const e = modelOutput[j]!;
        let x0 = (sample[j]! - sb * e) * inv;
        x0 = x0 < lo ? lo : x0 > hi ? hi : x0;
        sample[j] = sap * x0 + dir * e + (sigma > 0 ? sigma * noise![j]! : 0);
      }
    } else {
      const inv = 1 / sb;
      for (let j = 0; j < n; j++) {
        let x0 = modelOutput[j]!;
        const e = (sample[j]! - sa * x0) * inv;
        x0 = x0 < lo ? lo : x0 > hi ? hi : x0;
        sample[j] = sap * x0 + dir * e + (sigma > 0 ? sigma * noise![j]! : 0);
      }
    }
  }
}
