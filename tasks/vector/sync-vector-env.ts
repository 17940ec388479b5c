import type { Env } from '../env.js';
import type { BoxSpace } from '../space.js';
import type { EnvSpec } from '../env.js';
import type { VectorEnv, VectorStep } from '../vector-env.js';

/** N envs stepped one after the other on this thread. */
export class SyncVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  private readonly out: VectorStep;
  private readonly obsDim: number;
  private readonly actDim: number;

  /** @param envs envs of one task in 'state' observation mode; the vector env owns them. */
  constructor(private readonly envs: Env[]) {
    if (envs.length === 0) throw new RangeError('SyncVectorEnv: expected at least one env, got 0');
    this.numEnvs = envs.length;
    this.obsDim = envs[0]!.observationSpace.size;
    this.actDim = envs[0]!.actionSpace.size;
    const n = this.numEnvs;
    this.out = {
      obs: new Float32Array(n * this.obsDim),
      rewards: new Float32Array(n),
      terminated: new Uint8Array(n),
      truncated: new Uint8Array(n),
      success: new Uint8Array(n),
    };
  }

  get spec(): EnvSpec {
    return this.envs[0]!.spec;
  }

  get observationSpace(): BoxSpace {
    return this.envs[0]!.observationSpace;
  }

  get actionSpace(): BoxSpace {
    return this.envs[0]!.actionSpace;
  }

  reset(seeds: ArrayLike<number>): Float32Array {
    if (seeds.length !== this.numEnvs) throw new RangeError(`reset: expected ${this.numEnvs} seeds, got ${seeds.length}`);
    for (let i = 0; i < this.numEnvs; i++) {
      const r = this.envs[i]!.reset({ seed: seeds[i]! });
      this.out.obs.set(r.obs as Float32Array, i * this.obsDim);
      this.out.success[i] = r.info.success ? 1 : 0;
    }
    return this.out.obs;
  }

  step(actions: Float32Array): VectorStep {
    if (actions.length !== this.numEnvs * this.actDim) {
      throw new RangeError(`step: expected ${this.numEnvs} x ${this.actDim} = ${this.numEnvs * this.actDim} action entries, got ${actions.length}`);
    }
    const o = this.out;
    for (let i = 0; i < this.numEnvs; i++) {
      const r = this.envs[i]!.step(actions.subarray(i * this.actDim, (i + 1) * this.actDim));
      o.obs.set(r.obs as Float32Array, i * this.obsDim);
      o.rewards[i] = r.reward;
      o.terminated[i] = r.terminated ? 1 : 0;
      o.truncated[i] = r.truncated ? 1 : 0;
      o.success[i] = r.info.success ? 1 : 0;
    }
    return o;
  }

  close(): void {
    for (const e of this.envs) e.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
