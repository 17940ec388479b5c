import { InvalidArgumentError } from '../errors.js';

/**
 * Seeded pseudo-random generator: xoshiro128** on four u32 words, seeded through splitmix32.
 * Every random draw in tasks, resets and policies comes from one of these, never Math.random.
 * The state is a handful of numbers, so it can be saved and restored exactly.
 */
export class Rng {
  private readonly s = new Uint32Array(4);
  private spare = NaN;

  /** @param seed any safe integer; equal seeds give equal streams. */
  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Restart the stream from `seed`. @throws InvalidArgumentError when it is not a safe integer. */
  seed(seed: number): this {
    if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError(`Rng seed: expected a safe integer, got ${seed}`);
    // splitmix32 over both 32-bit halves so that seeds beyond 2^32 still give other streams.
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x9e3779b9);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
    this.spare = NaN;
    return this;
  }

  /** Next uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Uniform double in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** Normal draw (Box-Muller; the second value of each pair is kept for the next call). */
  normal(mean = 0, std = 1): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Fill `target` with normal draws and return it. */
  fillNormal<T extends Float32Array | Float64Array>(target: T, mean = 0, std = 1): T {
    for (let i = 0; i < target.length; i++) target[i] = this.normal(mean, std);
    return target;
  }

  /** The full generator state, JSON-serializable. */
  getState(): RngState {
    return { s: [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!], spare: Number.isNaN(this.spare) ? null : this.spare };
  }

  /** Restore a state taken by getState(). */
  setState(state: RngState): this {
    this.s.set(state.s);
    this.spare = state.spare ?? NaN;
    return this;
  }

  /** An independent copy at the same position in the stream. */
  clone(): Rng {
    return new Rng().setState(this.getState());
  }
}

/** Serialized generator state. */
export interface RngState {
  s: [number, number, number, number];
  spare: number | null;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
