import { InvalidArgumentError } from '../../errors.js';
import type { DiffusionSchedulerConfig } from '../model/model-contract.js';

/** The settings that fix a noise schedule. */
export type NoiseScheduleConfig = Pick<DiffusionSchedulerConfig, 'numTrainTimesteps' | 'betaSchedule' | 'betaStart' | 'betaEnd'>;

/** Largest beta of the cosine schedule, which would otherwise reach 1 at the last step. */
export const COSINE_MAX_BETA = 0.999;

/**
 * Betas of the forward process and their cumulative products, in float64:
 * `linear` spaces betas evenly from betaStart to betaEnd (DDPM, Ho et al. 2020);
 * `squaredcos_cap_v2` sets alpha_bar(t) = cos^2((t/T + 0.008) / 1.008 * pi/2) and
 * beta_t = min(1 - alpha_bar((t+1)/T) / alpha_bar(t/T), 0.999) (Nichol & Dhariwal 2021).
 */
export class NoiseSchedule {
  /** Diffusion steps the model was trained with. */
  readonly numTrainTimesteps: number;
  /** beta_t, t = 0..T-1. */
  readonly betas: Float64Array;
  /** alpha_bar_t = prod_{s<=t} (1 - beta_s). */
  readonly alphasCumprod: Float64Array;

  /** @param config schedule settings from the model's contract. */
  constructor(config: NoiseScheduleConfig) {
    const T = config.numTrainTimesteps;
    if (!Number.isInteger(T) || T < 2) throw new InvalidArgumentError(`numTrainTimesteps: expected an integer >= 2, got ${T}`);
    this.numTrainTimesteps = T;
    this.betas = new Float64Array(T);
    if (config.betaSchedule === 'linear') {
      for (let t = 0; t < T; t++) this.betas[t] = config.betaStart + ((config.betaEnd - config.betaStart) * t) / (T - 1);
    } else {
      for (let t = 0; t < T; t++) this.betas[t] = Math.min(1 - cosineAlphaBar((t + 1) / T) / cosineAlphaBar(t / T), COSINE_MAX_BETA);
    }
    this.alphasCumprod = new Float64Array(T);
    let prod = 1;
    for (let t = 0; t < T; t++) this.alphasCumprod[t] = prod *= 1 - this.betas[t]!;
  }
}

/** alpha_bar of the cosine schedule at fraction s in [0, 1] of the diffusion. */
export function cosineAlphaBar(s: number): number {
  return Math.cos(((s + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
}

/**
 * Inference timesteps with diffusers' default "leading" spacing: multiples of
 * floor(T / steps), from the largest down to 0.
 */
export function leadingTimesteps(numTrainTimesteps: number, steps: number): Int32Array {
  if (!Number.isInteger(steps) || steps < 1 || steps > numTrainTimesteps) {
    throw new InvalidArgumentError(`inference steps: expected an integer in [1, ${numTrainTimesteps}], got ${steps}`);
  }
  const ratio = Math.floor(numTrainTimesteps / steps);
  const out = new Int32Array(steps);
  for (let k = 0; k < steps; k++) out[k] = (steps - 1 - k) * ratio;
  return out;
}
