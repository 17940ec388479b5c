import { InvalidArgumentError } from '../../errors.js';
import type { DiffusionSchedulerConfig } from '../model/model-contract.js';

/** The settings that bound a predicted clean sample. */
export type CleanSampleBoundConfig = Pick<DiffusionSchedulerConfig, 'clipSample' | 'clipSampleRange' | 'thresholding' | 'dynamicThresholdingRatio' | 'sampleMaxValue'>;

/**
 * What a sampler does to its estimate of the clean chunk x0 before stepping, as diffusers'
 * schedulers do: with `thresholding`, dynamic thresholding (Saharia et al. 2022) per sample:
 * s = the `dynamicThresholdingRatio` quantile of |x0| over the sample's elements (linear
 * interpolation, as torch.quantile), clamped to [1, sampleMaxValue], then x0 = clamp(x0, -s, s) / s;
 * otherwise, with `clipSample`, a clamp to [-clipSampleRange, clipSampleRange]; otherwise nothing.
 */
export class CleanSampleBound {
  /** Whether dynamic thresholding (rather than a clamp) applies. */
  readonly thresholding: boolean;
  private readonly lo: number;
  private readonly hi: number;
  private readonly ratio: number;
  private readonly maxValue: number;
  private sorted = new Float64Array(0);

  /**
   * @param config the model's scheduler settings.
   * @param rowSize elements in one sample (a chunk, Tp x Da): thresholding takes its quantile per
   *   sample. Default: each call's whole buffer is one sample.
   */
  constructor(config: CleanSampleBoundConfig, private readonly rowSize?: number) {
    this.thresholding = config.thresholding ?? false;
    this.lo = config.clipSample ? -config.clipSampleRange : -Infinity;
    this.hi = config.clipSample ? config.clipSampleRange : Infinity;
    this.ratio = config.dynamicThresholdingRatio ?? 0.995;
    this.maxValue = config.sampleMaxValue ?? 1;
    if (rowSize !== undefined && !(Number.isInteger(rowSize) && rowSize > 0)) throw new InvalidArgumentError(`clean-sample bound row size: expected a positive integer, got ${rowSize}`);
  }

  /** Bound the first `n` values of `x0` in place. */
  apply(x0: Float64Array, n: number): void {
    if (!this.thresholding) {
      const lo = this.lo;
      const hi = this.hi;
      for (let j = 0; j < n; j++) {
        const v = x0[j]!;
        x0[j] = v < lo ? lo : v > hi ? hi : v;
      }
      return;
    }
    const row = this.rowSize ?? n;
    if (n % row !== 0) throw new InvalidArgumentError(`dynamic thresholding: expected a multiple of the ${row}-element sample, got ${n} elements`);
    if (this.sorted.length < row) this.sorted = new Float64Array(row);
    for (let start = 0; start < n; start += row) {
      const s = this.threshold(x0, start, row);
      for (let j = start; j < start + row; j++) {
        const v = x0[j]!;
        x0[j] = (v < -s ? -s : v > s ? s : v) / s;
      }
    }
  }

  // The ratio quantile of |x0| over one sample, clamped as torch.clamp(s, 1, max) does (max wins).
  private threshold(x0: Float64Array, start: number, row: number): number {
    const sorted = this.sorted.subarray(0, row);
    for (let j = 0; j < row; j++) sorted[j] = Math.abs(x0[start + j]!);
    sorted.sort();
    const pos = this.ratio * (row - 1);
    const below = Math.floor(pos);
    const above = Math.min(below + 1, row - 1);
    const q = sorted[below]! + (pos - below) * (sorted[above]! - sorted[below]!);
    return Math.min(Math.max(q, 1), this.maxValue);
  }
}
