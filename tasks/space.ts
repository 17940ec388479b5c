import { InvalidArgumentError } from '../errors.js';
import type { Rng } from '../math/rng.js';

/** A named slice of a flat vector: observation `key` occupies [offset, offset + size). */
export interface SpaceField {
  key: string;
  offset: number;
  size: number;
}

/** A box of float32 vectors, Gymnasium's Box: bounds per entry and, optionally, named fields. */
export class BoxSpace {
  /** Number of entries. */
  readonly size: number;

  constructor(
    readonly low: Float32Array,
    readonly high: Float32Array,
    /** Named slices, in order; empty when the vector has no named parts. */
    readonly fields: readonly SpaceField[] = [],
  ) {
    if (low.length !== high.length) throw new InvalidArgumentError(`BoxSpace: low has ${low.length} entries, high ${high.length}`);
    this.size = low.length;
  }

  /** Gymnasium-style shape. */
  get shape(): [number] {
    return [this.size];
  }

  /** The slice of a field by key. @throws InvalidArgumentError naming the known keys. */
  field(key: string): SpaceField {
    const f = this.fields.find((x) => x.key === key);
    if (!f) throw new InvalidArgumentError(`space has no field "${key}"; it has: ${this.fields.map((x) => x.key).join(', ')}`);
    return f;
  }

  /** Whether x has the right length and lies inside the bounds. */
  contains(x: ArrayLike<number>): boolean {
    if (x.length !== this.size) return false;
    for (let i = 0; i < this.size; i++) if (!(x[i]! >= this.low[i]! && x[i]! <= this.high[i]!)) return false;
    return true;
  }

  /** A uniform sample (entries with infinite bounds get a standard normal). */
  sample(rng: Rng, target = new Float32Array(this.size)): Float32Array {
    for (let i = 0; i < this.size; i++) {
      const lo = this.low[i]!;
      const hi = this.high[i]!;
      target[i] = Number.isFinite(lo) && Number.isFinite(hi) ? rng.uniform(lo, hi) : rng.normal();
    }
    return target;
  }
}
