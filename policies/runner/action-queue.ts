import { copyFloats } from '../copy-floats.js';

/**
 * Per-env queues of actions still to execute from the last predicted chunk: a chunk goes in,
 * one action per step comes out, and an empty queue asks for a new plan.
 */
export class ActionQueue {
  private actions = new Float32Array(0);
  private next = new Int32Array(0);
  private end = new Int32Array(0);

  /**
   * @param capacity actions held per env (the action horizon).
   * @param actionDim floats per action.
   */
  constructor(readonly capacity: number, readonly actionDim: number) {}

  /** Hold `n` envs, all empty. */
  resize(n: number): void {
    this.actions = new Float32Array(n * this.capacity * this.actionDim);
    this.next = new Int32Array(n);
    this.end = new Int32Array(n);
  }

  /** Whether env `i` has no action left. */
  isEmpty(i: number): boolean {
    return this.next[i]! >= this.end[i]!;
  }

  /** Drop env `i`'s remaining actions. */
  clear(i: number): void {
    this.next[i] = 0;
    this.end[i] = 0;
  }

  /** Queue `count` (<= capacity) actions of `chunk` starting at action index `from`. */
  fill(i: number, chunk: Float32Array, chunkStart: number, from: number, count: number): void {
    const d = this.actionDim;
    const begin = chunkStart + from * d;
    copyFloats(chunk, begin, this.actions, i * this.capacity * d, count * d);
    this.next[i] = 0;
    this.end[i] = count;
  }

  /** Move env `i`'s next action into `target` at `at`. */
  pop(i: number, target: Float32Array, at: number): void {
    const d = this.actionDim;
    const k = this.next[i]!;
    const src = (i * this.capacity + k) * d;
    for (let j = 0; j < d; j++) target[at + j] = this.actions[src + j]!;
    this.next[i] = k + 1;
  }
}
