import { EnvError } from '../env-errors.js';
import type { Awaitable, Env, EnvSpec, ResetResult, StepResult } from '../env.js';
import type { BoxSpace } from '../space.js';
import type { VectorEnv, VectorStep } from '../vector-env.js';

/**
 * N envs stepped one after the other on this thread. Simulated envs answer at once and so does
 * this; an env whose step resolves later (a robot) makes the step resolve later.
 */
export class SyncVectorEnv implements VectorEnv {
  readonly numEnvs: number;
  private readonly out: VectorStep;
  private readonly obsDim: number;
  private readonly actDim: number;

  /** @param envs envs of one task in 'state' observation mode; the vector env owns them. */
  constructor(readonly envs: readonly Env[]) {
    if (envs.length === 0) throw new EnvError('SyncVectorEnv: expected at least one env, got 0');
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
      infos: new Array(n).fill(null),
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

  reset(seeds: ArrayLike<number>, options?: Record<string, unknown>): Awaitable<Float32Array> {
    if (seeds.length !== this.numEnvs) throw new EnvError(`reset: expected ${this.numEnvs} seeds, got ${seeds.length}`);
    for (let i = 0; i < this.numEnvs; i++) {
      const r = this.envs[i]!.reset(options ? { seed: seeds[i]!, options } : { seed: seeds[i]! });
      if (r instanceof Promise) return this.resetRest(seeds, options, i, r);
      this.writeReset(i, r);
    }
    return this.out.obs;
  }

  step(actions: Float32Array): Awaitable<VectorStep> {
    if (actions.length !== this.numEnvs * this.actDim) {
      throw new EnvError(`step: expected ${this.numEnvs} x ${this.actDim} = ${this.numEnvs * this.actDim} action entries, got ${actions.length}`);
    }
    for (let i = 0; i < this.numEnvs; i++) {
      const r = this.envs[i]!.step(actions.subarray(i * this.actDim, (i + 1) * this.actDim));
      if (r instanceof Promise) return this.stepRest(actions, i, r);
      this.writeStep(i, r);
    }
    return this.out;
  }

  close(): void {
    for (const e of this.envs) e.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  private async resetRest(seeds: ArrayLike<number>, options: Record<string, unknown> | undefined, from: number, pending: Promise<ResetResult>): Promise<Float32Array> {
    this.writeReset(from, await pending);
    for (let i = from + 1; i < this.numEnvs; i++) this.writeReset(i, await this.envs[i]!.reset(options ? { seed: seeds[i]!, options } : { seed: seeds[i]! }));
    return this.out.obs;
  }

  private async stepRest(actions: Float32Array, from: number, pending: Promise<StepResult>): Promise<VectorStep> {
    this.writeStep(from, await pending);
    for (let i = from + 1; i < this.numEnvs; i++) this.writeStep(i, await this.envs[i]!.step(actions.subarray(i * this.actDim, (i + 1) * this.actDim)));
    return this.out;
  }

  private writeReset(i: number, r: ResetResult): void {
    this.out.obs.set(r.obs as Float32Array, i * this.obsDim);
    this.out.success[i] = r.info.success ? 1 : 0;
    this.out.infos[i] = r.info;
  }

  private writeStep(i: number, r: StepResult): void {
    const o = this.out;
    o.obs.set(r.obs as Float32Array, i * this.obsDim);
    o.rewards[i] = r.reward;
    o.terminated[i] = r.terminated ? 1 : 0;
    o.truncated[i] = r.truncated ? 1 : 0;
    o.success[i] = r.info.success ? 1 : 0;
    o.infos[i] = r.info;
  }
}
