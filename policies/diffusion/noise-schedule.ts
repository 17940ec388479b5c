import { InvalidArgumentError } from '../../errors.js';
import type { DiffusionSchedulerConfig } from '../model/model-contract.js';

/** The settings that fix a noise schedule. */
export type NoiseScheduleConfig = Pick<DiffusionSchedulerConfig, 'numTrainTimesteps' | 'betaSchedule' | 'betaStart' | 'betaEnd' | 'trainedBetas' | 'rescaleBetasZeroSnr'>;

/** The settings that place the inference timesteps. */
export type TimestepConfig = Pick<DiffusionSchedulerConfig, 'numTrainTimesteps' | 'timestepSpacing' | 'stepsOffset'>;

/** Largest beta of the cosine schedule, which would otherwise reach 1 at the last step. */
export const COSINE_MAX_BETA = 0.999;

/**
 * Betas of the forward process and their cumulative products, in float64:
 * `linear` spaces betas evenly from betaStart to betaEnd (DDPM, Ho et al. 2020); `scaled_linear`
 * spaces their square roots evenly (latent diffusion);
 * `squaredcos_cap_v2` sets alpha_bar(t) = cos^2((t/T + 0.008) / 1.008 * pi/2) and
 * beta_t = min(1 - alpha_bar((t+1)/T) / alpha_bar(t/T), 0.999) (Nichol & Dhariwal 2021);
 * `laplace` does the same with alpha_bar = sqrt(snr / (1 + snr)), log snr = -sign(0.5 - s) ln(1 - 2|0.5 - s| + 1e-6) / 2;
 * `sigmoid` sets beta_t = sigmoid(-6 + 12 t / (T - 1)) (betaEnd - betaStart) + betaStart (GeoDiff).
 * Trained betas replace the schedule. Zero-SNR rescaling shifts and scales sqrt(alpha_bar) so the
 * last is 0 and the first unchanged (Lin et al. 2024, Algorithm 1), all as diffusers does.
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
    if (config.trainedBetas) {
      if (config.trainedBetas.length !== T) throw new InvalidArgumentError(`trained betas: expected ${T}, got ${config.trainedBetas.length}`);
      this.betas.set(config.trainedBetas);
    } else if (config.betaSchedule === 'linear') {
      for (let t = 0; t < T; t++) this.betas[t] = config.betaStart + ((config.betaEnd - config.betaStart) * t) / (T - 1);
    } else if (config.betaSchedule === 'scaled_linear') {
      const a = Math.sqrt(config.betaStart);
      const b = Math.sqrt(config.betaEnd);
      for (let t = 0; t < T; t++) this.betas[t] = (a + ((b - a) * t) / (T - 1)) ** 2;
    } else if (config.betaSchedule === 'sigmoid') {
      for (let t = 0; t < T; t++) this.betas[t] = (1 / (1 + Math.exp(-(-6 + (12 * t) / (T - 1))))) * (config.betaEnd - config.betaStart) + config.betaStart;
    } else {
      const alphaBar = config.betaSchedule === 'laplace' ? laplaceAlphaBar : cosineAlphaBar;
      for (let t = 0; t < T; t++) this.betas[t] = Math.min(1 - alphaBar((t + 1) / T) / alphaBar(t / T), COSINE_MAX_BETA);
    }
    if (config.rescaleBetasZeroSnr) rescaleZeroTerminalSnr(this.betas);
    this.alphasCumprod = new Float64Array(T);
    let prod = 1;
    for (let t = 0; t < T; t++) this.alphasCumprod[t] = prod *= 1 - this.betas[t]!;
  }
}

/** alpha_bar of the Laplace schedule at fraction s in [0, 1] of the diffusion. */
export function laplaceAlphaBar(s: number): number {
  const lambda = -0.5 * Math.sign(0.5 - s || 1) * Math.log(1 - 2 * Math.abs(0.5 - s) + 1e-6);
  const snr = Math.exp(lambda);
  return Math.sqrt(snr / (1 + snr));
}

/** Rewrite betas in place so that alpha_bar ends at 0 (zero terminal SNR) and starts where it did. */
function rescaleZeroTerminalSnr(betas: Float64Array): void {
  const T = betas.length;
  const root = new Float64Array(T);
  let prod = 1;
  for (let t = 0; t < T; t++) root[t] = Math.sqrt((prod *= 1 - betas[t]!));
  const first = root[0]!;
  const last = root[T - 1]!;
  for (let t = 0; t < T; t++) root[t] = ((root[t]! - last) * first) / (first - last);
  betas[0] = 1 - root[0]! ** 2;
  for (let t = 1; t < T; t++) betas[t] = 1 - root[t]! ** 2 / root[t - 1]! ** 2;
}

/** alpha_bar of the cosine schedule at fraction s in [0, 1] of the diffusion. */
export function cosineAlphaBar(s: number): number {
  return Math.cos(((s + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
}

/**
 * Inference timesteps, largest first, spread as diffusers' timestep_spacing says: "leading" takes
 * multiples of floor(T / steps) from 0, plus stepsOffset; "trailing" counts down from T - 1 in
 * steps of T / steps (rounded); "linspace" spreads them evenly over [0, T - 1] (rounded).
 */
export function inferenceTimesteps(config: TimestepConfig, steps: number): Int32Array {
  const T = config.numTrainTimesteps;
  if (!Number.isInteger(steps) || steps < 1 || steps > T) {
    throw new InvalidArgumentError(`inference steps: expected an integer in [1, ${T}], got ${steps}`);
  }
  const out = new Int32Array(steps);
  for (let k = 0; k < steps; k++) {
    const i = steps - 1 - k;
    if (config.timestepSpacing === 'leading') out[k] = i * Math.floor(T / steps) + config.stepsOffset;
    else if (config.timestepSpacing === 'trailing') out[k] = roundHalfEven(T - k * (T / steps)) - 1;
    // As numpy's linspace: i times the step, the last value exactly T - 1.
    else out[k] = i === steps - 1 ? T - 1 : roundHalfEven(i * ((T - 1) / (steps - 1)));
  }
  if (out[0]! > T - 1) throw new InvalidArgumentError(`steps_offset ${config.stepsOffset}: the first of ${steps} timesteps would be ${out[0]}, past the last training step ${T - 1}`);
  return out;
}

/** numpy's round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
