import { copyFloats } from '../copy-floats.js';

/**
 * The last `horizon` observation frames of each of N envs, kept in per-env rings. A frame
 * pushed right after an env's reset fills the whole window, as diffusion_policy pads the start
 * of an episode with copies of the first observation.
 */
export class ObservationHistory {
  private frames = new Float32Array(0);
  private head = new Int32Array(0);
  private fresh = new Uint8Array(0);
  private n = 0;

  /**
   * @param horizon frames kept per env.
   * @param frameSize floats per frame.
   */
  constructor(readonly horizon: number, readonly frameSize: number) {}

  /** Envs held. */
  get size(): number {
    return this.n;
  }

  /** Hold `n` envs, all cleared. */
  resize(n: number): void {
    this.n = n;
    this.frames = new Float32Array(n * this.horizon * this.frameSize);
    this.head = new Int32Array(n);
    this.fresh = new Uint8Array(n).fill(1);
  }

  /** Forget env `i`'s frames; its next push fills its window. */
  clear(i: number): void {
    this.fresh[i] = 1;
  }

  /** Append one frame per env (n x frameSize). */
  push(frames: Float32Array): void {
    const f = this.frameSize;
    const h = this.horizon;
    for (let i = 0; i < this.n; i++) {
      const base = i * h * f;
      if (this.fresh[i]) {
        for (let t = 0; t < h; t++) copyFloats(frames, i * f, this.frames, base + t * f, f);
        this.head[i] = 0;
        this.fresh[i] = 0;
      } else {
        const slot = this.head[i]!;
        copyFloats(frames, i * f, this.frames, base + slot * f, f);
        this.head[i] = (slot + 1) % h;
      }
    }
  }

  /**
   * Write the last `length` frames of the listed envs, oldest first, into `target`
   * (count x length x frameSize).
   */
  window(envs: Int32Array, count: number, length: number, target: Float32Array): void {
    const f = this.frameSize;
    const h = this.horizon;
    for (let r = 0; r < count; r++) {
      const i = envs[r]!;
      const base = i * h * f;
      // head points at the oldest frame, which the next push overwrites.
      const start = this.head[i]! + h - length;
      for (let t = 0; t < length; t++) {
        const slot = (start + t) % h;
        copyFloats(this.frames, base + slot * f, target, (r * length + t) * f, f);
      }
    }
  }
}
