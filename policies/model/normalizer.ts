import type { NormalizationSpec, ObservationKeySpec } from './model-contract.js';

/**
 * Below this range a min-max element, and below this std a mean-std element, is constant:
 * diffusion_policy's LinearNormalizer (range_eps) then keeps scale 1 and centres it on 0.
 */
export const CONSTANT_EPS = 1e-4;

/**
 * Element-wise affine map `y = x * scale + offset` and its inverse, built from the contract's
 * statistics. One instance covers a whole frame (or an action), so a window or a chunk is
 * normalized in one pass.
 */
export class Normalizer {
  /** Per-element scale. */
  readonly scale: Float32Array;
  /** Per-element offset. */
  readonly offset: Float32Array;

  /** @param size elements covered; starts as the identity. */
  constructor(size: number) {
    this.scale = new Float32Array(size).fill(1);
    this.offset = new Float32Array(size);
  }

  /** Normalizer for an action vector. */
  static forAction(spec: NormalizationSpec, actionDim: number): Normalizer {
    const n = new Normalizer(actionDim);
    n.setSpec(spec, 0, actionDim, 1);
    return n;
  }

  /** Normalizer for a frame of the given keys (laid out as ObservationLayout lays them). */
  static forObservation(keys: readonly ObservationKeySpec[], specs: Readonly<Record<string, NormalizationSpec>>): Normalizer {
    const sizes = keys.map((k) => k.shape.reduce((a, b) => a * b, 1));
    const n = new Normalizer(sizes.reduce((a, b) => a + b, 0));
    let at = 0;
    keys.forEach((k, i) => {
      const spec = specs[k.name];
      // Image statistics may be per channel; each channel covers H x W consecutive elements.
      if (spec) n.setSpec(spec, at, sizes[i]!, k.type === 'rgb' ? sizes[i]! / k.shape[0]! : 1);
      at += sizes[i]!;
    });
    return n;
  }

  /** Write `y = x * scale + offset` for `count` consecutive vectors of this size. */
  normalize(src: Float32Array, srcStart: number, dst: Float32Array, dstStart: number, count: number): void {
    const d = this.scale.length;
    const s = this.scale;
    const o = this.offset;
    for (let r = 0; r < count; r++) {
      const a = srcStart + r * d;
      const b = dstStart + r * d;
      for (let j = 0; j < d; j++) dst[b + j] = src[a + j]! * s[j]! + o[j]!;
    }
  }

  /** Write `x = (y - offset) / scale` for `count` consecutive vectors of this size. */
  unnormalize(src: Float32Array, srcStart: number, dst: Float32Array, dstStart: number, count: number): void {
    const d = this.scale.length;
    const s = this.scale;
    const o = this.offset;
    for (let r = 0; r < count; r++) {
      const a = srcStart + r * d;
      const b = dstStart + r * d;
      for (let j = 0; j < d; j++) dst[b + j] = (src[a + j]! - o[j]!) / s[j]!;
    }
  }

  private setSpec(spec: NormalizationSpec, at: number, size: number, perStat: number): void {
    for (let j = 0; j < size; j++) {
      // A statistics vector is per element, or per channel when shorter (perStat elements each).
      const stat = (values: readonly number[]) => values[values.length === size ? j : Math.floor(j / perStat)]!;
      switch (spec.mode) {
        case 'identity':
          break;
        case 'min_max': {
          const lo = stat(spec.min);
          const range = stat(spec.max) - lo;
          // A constant element maps to 0, the middle of [-1, 1], not to -1.
          const constant = range < CONSTANT_EPS;
          const scale = constant ? 1 : 2 / range;
          this.scale[at + j] = scale;
          this.offset[at + j] = constant ? -lo : -1 - scale * lo;
          break;
        }
        case 'mean_std': {
          const std = stat(spec.std);
          const scale = std < CONSTANT_EPS ? 1 : 1 / std;
          this.scale[at + j] = scale;
          this.offset[at + j] = -stat(spec.mean) * scale;
          break;
        }
        case 'affine':
          this.scale[at + j] = stat(spec.scale);
          this.offset[at + j] = stat(spec.offset);
          break;
      }
    }
  }
}
