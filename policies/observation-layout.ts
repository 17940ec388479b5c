import { InvalidArgumentError } from '../errors.js';
import type { ObservationKeySpec } from './model/model-contract.js';
import { copyFloats } from './copy-floats.js';

/** A batch of observations for N envs: flat frames (N x frameSize), or one array per key (N x key size). */
export type ObservationBatch = Float32Array | Readonly<Record<string, Float32Array>>;

/**
 * How the observation keys of a model sit in one flat frame: each key flattened, in contract
 * order. For a state-only model the frame is exactly the env's flat observation vector.
 */
export class ObservationLayout {
  /** Keys in frame order. */
  readonly keys: readonly ObservationKeySpec[];
  /** Start of each key in the frame, same order as `keys`. */
  readonly offsets: Int32Array;
  /** Size of each key, same order as `keys`. */
  readonly sizes: Int32Array;
  /** Floats in one frame. */
  readonly frameSize: number;

  /** @param keys observation keys in contract order. */
  constructor(keys: readonly ObservationKeySpec[]) {
    this.keys = keys;
    this.offsets = new Int32Array(keys.length);
    this.sizes = new Int32Array(keys.length);
    let at = 0;
    keys.forEach((k, i) => {
      this.offsets[i] = at;
      this.sizes[i] = k.shape.reduce((a, b) => a * b, 1);
      at += this.sizes[i]!;
    });
    this.frameSize = at;
  }

  /**
   * Write the frames of `n` envs into `target` (n x frameSize).
   * @throws InvalidArgumentError naming the key and sizes when the batch does not fit the layout, or when a value is not finite.
   */
  pack(obs: ObservationBatch, n: number, target: Float32Array): void {
    const f = this.frameSize;
    if (obs instanceof Float32Array) {
      if (obs.length !== n * f) {
        throw new InvalidArgumentError(`observation: expected ${n} x ${f} = ${n * f} floats (${this.describe()}), got ${obs.length}`);
      }
      target.set(obs);
    } else {
      for (let k = 0; k < this.keys.length; k++) {
        const name = this.keys[k]!.name;
        const size = this.sizes[k]!;
        const src = obs[name];
        if (!(src instanceof Float32Array) || src.length !== n * size) {
          const got = src instanceof Float32Array ? `${src.length} floats` : src === undefined ? 'no such key' : typeof src;
          throw new InvalidArgumentError(`observation '${name}': expected Float32Array of ${n} x ${size} = ${n * size} floats, got ${got}`);
        }
        const off = this.offsets[k]!;
        for (let i = 0; i < n; i++) copyFloats(src, i * size, target, i * f + off, size);
      }
    }
    for (let j = 0; j < n * f; j++) {
      if (!Number.isFinite(target[j]!)) {
        throw new InvalidArgumentError(`observation: expected finite values, got ${target[j]} for env ${Math.floor(j / f)} in key '${this.keyAt(j % f)}'`);
      }
    }
  }

  /** The layout of flat frames cut into named fields (an env's observation space), for policies that read it as it is. */
  static fromFields(fields: readonly { key: string; size: number }[]): ObservationLayout {
    return new ObservationLayout(fields.map((f) => ({ name: f.key, shape: [f.size], type: 'low_dim' as const })));
  }

  /** True when both layouts have the same keys, shapes and types in the same order. */
  equals(other: ObservationLayout): boolean {
    return this.keys.length === other.keys.length && this.keys.every((k, i) => {
      const o = other.keys[i]!;
      return k.name === o.name && k.type === o.type && k.shape.length === o.shape.length && k.shape.every((d, j) => d === o.shape[j]);
    });
  }

  /** `name[size], ...`, for messages. */
  describe(): string {
    return this.keys.map((k) => `${k.name}[${k.shape.join('x')}]`).join(', ');
  }

  private keyAt(index: number): string {
    for (let k = this.keys.length - 1; k >= 0; k--) if (index >= this.offsets[k]!) return this.keys[k]!.name;
    return '?';
  }
}
