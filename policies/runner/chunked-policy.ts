import { InvalidArgumentError } from '../../errors.js';
import { Rng } from '../../math/rng.js';
import type { ObservationBatch, ObservationLayout } from '../observation-layout.js';
import type { Policy, PolicyResetOptions } from '../policy.js';
import { PolicyError } from '../policy-errors.js';
import { ActionQueue } from './action-queue.js';
import type { ChunkPredictor } from './chunk-predictor.js';
import { envStreamSeed, envStreamSeeds } from './env-streams.js';
import { ObservationHistory } from './observation-history.js';
import { TemporalEnsemble } from './temporal-ensemble.js';

/** How the runner turns chunks into per-step actions. */
export interface ChunkedPolicyOptions {
  /** Actions executed from each chunk before planning again (default: the model's action horizon). */
  readonly actionHorizon?: number;
  /**
   * When set, plan at every step and average overlapping chunks with weights exp(-m * i)
   * (ACT uses m = 0.01); the action horizon is then unused.
   */
  readonly temporalEnsemble?: number;
}

/**
 * The runner shared by every model-backed policy: keeps each env's observation history, plans
 * with a ChunkPredictor when an env's action queue is empty (or every step, with temporal
 * ensembling), and hands out one action per env per step.
 */
export class ChunkedPolicy implements Policy {
  readonly layout: ObservationLayout;
  readonly actionDim: number;
  /** Actions executed from each chunk (1 with temporal ensembling). */
  readonly actionHorizon: number;
  private readonly history: ObservationHistory;
  private readonly queue: ActionQueue | null;
  private readonly ensemble: TemporalEnsemble | null;
  private rngs: Rng[] = [];
  private envSeeds: readonly number[] | null = null;
  private seed = 0;
  private n = 0;
  private busy = false;
  private disposed = false;
  private frames = new Float32Array(0);
  private windows = new Float32Array(0);
  private chunks = new Float32Array(0);
  private plan = new Int32Array(0);
  private readonly planRngs: Rng[] = [];

  /**
   * @param predictor the model side; the policy owns it and disposes it.
   * @param options action horizon or temporal ensembling.
   */
  constructor(readonly predictor: ChunkPredictor, options: ChunkedPolicyOptions = {}) {
    const h = predictor.horizons;
    this.layout = predictor.layout;
    this.actionDim = predictor.actionDim;
    const usable = h.prediction - h.actionOffset;
    this.history = new ObservationHistory(h.observation, this.layout.frameSize);
    if (options.temporalEnsemble !== undefined) {
      if (!(options.temporalEnsemble >= 0)) {
        throw new InvalidArgumentError(`temporalEnsemble: expected a coefficient >= 0, got ${options.temporalEnsemble}`);
      }
      this.actionHorizon = 1;
      this.queue = null;
      this.ensemble = new TemporalEnsemble(usable, this.actionDim, options.temporalEnsemble);
    } else {
      const ta = options.actionHorizon ?? h.action;
      if (!Number.isInteger(ta) || ta < 1 || ta > usable) {
        throw new InvalidArgumentError(`actionHorizon: expected an integer in [1, ${usable}] (prediction ${h.prediction} - offset ${h.actionOffset}), got ${ta}`);
      }
      this.actionHorizon = ta;
      this.queue = new ActionQueue(ta, this.actionDim);
      this.ensemble = null;
    }
  }

  reset(options: PolicyResetOptions = {}): void {
    if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
      throw new InvalidArgumentError(`reset seed: expected a safe integer, got ${options.seed}`);
    }
    if (options.envs === undefined) {
      this.seed = options.seed ?? 0;
      if (options.seeds && !options.seeds.every((s) => Number.isSafeInteger(s))) {
        throw new InvalidArgumentError(`reset seeds: expected safe integers, got ${options.seeds.join(', ')}`);
      }
      this.envSeeds = options.seeds ?? null;
      this.n = 0; // the next act() fixes the batch size
      return;
    }
    for (const i of options.envs) {
      if (!Number.isInteger(i) || i < 0 || i >= this.n) {
        throw new InvalidArgumentError(`reset envs: expected indices in [0, ${this.n}), got ${i}`);
      }
      this.history.clear(i);
      this.queue?.clear(i);
      this.ensemble?.clear(i);
      if (options.seed !== undefined) this.rngs[i]!.seed(envStreamSeed(options.seed, i));
    }
  }

  async act(obs: ObservationBatch, n: number, target?: Float32Array): Promise<Float32Array> {
    if (this.disposed) throw new PolicyError('act() after dispose()');
    if (this.busy) throw new PolicyError('act() called again before the previous act() finished');
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`act: expected a batch size n >= 1, got ${n}`);
    if (this.n !== 0 && n !== this.n) throw new InvalidArgumentError(`act: expected ${this.n} envs as in earlier steps (reset() to change), got ${n}`);
    const out = target ?? new Float32Array(n * this.actionDim);
    if (out.length !== n * this.actionDim) {
      throw new InvalidArgumentError(`act target: expected ${n} x ${this.actionDim} floats, got ${out.length}`);
    }
    const first = this.n === 0;
    if (first) this.allocate(n);
    this.busy = true;
    try {
      try {
        this.layout.pack(obs, n, this.frames);
      } catch (e) {
        if (first) this.n = 0; // a refused first observation does not fix the batch size
        throw e;
      }
      this.history.push(this.frames);
      await this.planWhereNeeded();
      const d = this.actionDim;
      for (let i = 0; i < n; i++) {
        if (this.queue) this.queue.pop(i, out, i * d);
        else this.ensemble!.pop(i, out, i * d);
      }
    } finally {
      this.busy = false;
    }
    return out;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.predictor.dispose();
  }

  /** Same as dispose(), for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private allocate(n: number): void {
    const h = this.predictor.horizons;
    const f = this.layout.frameSize;
    this.n = n;
    this.history.resize(n);
    this.queue?.resize(n);
    this.ensemble?.resize(n);
    if (this.envSeeds && this.envSeeds.length !== n) {
      throw new InvalidArgumentError(`act: reset() gave ${this.envSeeds.length} env seeds, got ${n} envs`);
    }
    this.rngs = (this.envSeeds ? this.envSeeds.map((s) => envStreamSeed(s, 0)) : envStreamSeeds(this.seed, n)).map((s) => new Rng(s));
    this.frames = new Float32Array(n * f);
    this.windows = new Float32Array(n * h.observation * f);
    this.chunks = new Float32Array(n * h.prediction * this.actionDim);
    this.plan = new Int32Array(n);
  }

  private async planWhereNeeded(): Promise<void> {
    let m = 0;
    for (let i = 0; i < this.n; i++) if (!this.queue || this.queue.isEmpty(i)) this.plan[m++] = i;
    if (m === 0) return;
    const h = this.predictor.horizons;
    this.history.window(this.plan, m, h.observation, this.windows);
    this.planRngs.length = m;
    for (let r = 0; r < m; r++) this.planRngs[r] = this.rngs[this.plan[r]!]!;
    await this.predictor.predict(this.windows, m, this.planRngs, this.chunks);
    const chunkSize = h.prediction * this.actionDim;
    for (let r = 0; r < m; r++) {
      const i = this.plan[r]!;
      if (this.queue) this.queue.fill(i, this.chunks, r * chunkSize, h.actionOffset, this.actionHorizon);
      else this.ensemble!.add(i, this.chunks, r * chunkSize, h.actionOffset);
    }
  }
}
