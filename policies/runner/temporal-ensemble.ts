import { copyFloats } from '../copy-floats.js';

/**
 * Temporal ensembling of overlapping chunks, as ACT does: a chunk is predicted at every step,
 * and the action for step t averages every earlier chunk's prediction for t with weights
 * exp(-m * i), i = 0 for the oldest prediction. A positive m favours older plans and so
 * smooths the motion; m = 0 is a plain mean.
 */
export class TemporalEnsemble {
  private chunks = new Float32Array(0);
  private step = new Int32Array(0);
  // weights[c - 1][i]: normalized weight of the i-th oldest of c predictions.
  private readonly weights: Float64Array[];

  /**
   * @param length actions of each chunk usable from its step on (prediction - offset).
   * @param actionDim floats per action.
   * @param coefficient the m of the weights exp(-m * i).
   */
  constructor(readonly length: number, readonly actionDim: number, readonly coefficient: number) {
    this.weights = [];
    for (let c = 1; c <= length; c++) {
      const w = new Float64Array(c);
      let sum = 0;
      for (let i = 0; i < c; i++) sum += w[i] = Math.exp(-coefficient * i);
      for (let i = 0; i < c; i++) w[i]! /= sum;
      this.weights.push(w);
    }
  }

  /** Hold `n` envs, all without history. */
  resize(n: number): void {
    this.chunks = new Float32Array(n * this.length * this.length * this.actionDim);
    this.step = new Int32Array(n);
  }

  /** Forget env `i`'s chunks. */
  clear(i: number): void {
    this.step[i] = 0;
  }

  /** Record env `i`'s chunk for the current step: actions from index `from` of `chunk`. */
  add(i: number, chunk: Float32Array, chunkStart: number, from: number): void {
    const l = this.length;
    const d = this.actionDim;
    const slot = this.step[i]! % l;
    const begin = chunkStart + from * d;
    copyFloats(chunk, begin, this.chunks, (i * l + slot) * l * d, l * d);
  }

  /** Write env `i`'s ensembled action for the current step into `target` at `at`, and advance. */
  pop(i: number, target: Float32Array, at: number): void {
    const l = this.length;
    const d = this.actionDim;
    const s = this.step[i]!;
    const count = Math.min(s + 1, l);
    const w = this.weights[count - 1]!;
    for (let j = 0; j < d; j++) target[at + j] = 0;
    // The chunk predicted `age` steps ago holds this step's action at index `age`.
    for (let k = 0; k < count; k++) {
      const age = count - 1 - k; // k = 0 is the oldest
      const slot = (s - age) % l;
      const src = ((i * l + slot) * l + age) * d;
      const wk = w[k]!;
      for (let j = 0; j < d; j++) target[at + j] += wk * this.chunks[src + j]!;
    }
    this.step[i] = s + 1;
  }
}
