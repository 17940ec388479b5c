import { Rng } from '../math/rng.js';
import type { ObservationBatch } from './observation-layout.js';
import type { Policy, PolicyResetOptions } from './policy.js';

/**
 * A policy with seeded Gaussian noise added to every action entry, then clipped into the
 * action bounds: noisy demonstrations. Each env's noise stream follows its episode seed, so an
 * episode can be re-made alone. Owns the wrapped policy.
 */
export class NoisyPolicy implements Policy {
  readonly layout;
  readonly actionDim: number;
  private rngs: Rng[] = [];

  constructor(private readonly policy: Policy, private readonly std: number, private readonly low: Float32Array, private readonly high: Float32Array) {
    this.layout = policy.layout;
    this.actionDim = policy.actionDim;
  }

  reset(options: PolicyResetOptions = {}): void {
    this.policy.reset(options);
    if (options.seeds) this.rngs = options.seeds.map((s) => new Rng(s * 7919 + 17));
  }

  async act(obs: ObservationBatch, n: number, target?: Float32Array): Promise<Float32Array> {
    const out = await this.policy.act(obs, n, target);
    const d = this.actionDim;
    for (let e = 0; e < n; e++) {
      const rng = this.rngs[e] ?? (this.rngs[e] = new Rng(e));
      for (let i = 0; i < d; i++) out[e * d + i] = Math.min(this.high[i]!, Math.max(this.low[i]!, out[e * d + i]! + rng.normal(0, this.std)));
    }
    return out;
  }

  dispose(): Promise<void> {
    return this.policy.dispose();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }
}
