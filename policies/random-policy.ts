import { Rng } from '../math/rng.js';
import { ObservationLayout, type ObservationBatch } from './observation-layout.js';
import type { Policy, PolicyResetOptions } from './policy.js';

/**
 * Actions drawn uniformly from the action space's bounds, reading no observation: the random
 * reference of dataset quality (TQ's lower end) and a baseline. Each env's stream follows its
 * episode seed, so an episode can be re-made alone.
 */
export class RandomPolicy implements Policy {
  readonly layout = new ObservationLayout([]);
  readonly actionDim: number;
  private rngs: Rng[] = [];

  constructor(private readonly low: Float32Array, private readonly high: Float32Array) {
    this.actionDim = low.length;
  }

  reset(options: PolicyResetOptions = {}): void {
    if (options.seeds) this.rngs = options.seeds.map((s) => new Rng(s * 6151 + 29));
    else if (!options.envs) this.rngs = [];
  }

  act(_obs: ObservationBatch, n: number, target: Float32Array = new Float32Array(n * this.actionDim)): Float32Array {
    const d = this.actionDim;
    for (let e = 0; e < n; e++) {
      const rng = this.rngs[e] ?? (this.rngs[e] = new Rng(e));
      for (let i = 0; i < d; i++) target[e * d + i] = rng.uniform(this.low[i]!, this.high[i]!);
    }
    return target;
  }

  async dispose(): Promise<void> {}

  async [Symbol.asyncDispose](): Promise<void> {}
}
