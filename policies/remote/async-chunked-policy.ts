import { InvalidArgumentError } from '../../errors.js';
import { Rng } from '../../math/rng.js';
import type { ObservationBatch, ObservationLayout } from '../observation-layout.js';
import type { Policy, PolicyResetOptions } from '../policy.js';
import { PolicyError } from '../policy-errors.js';
import type { ChunkPredictor } from '../runner/chunk-predictor.js';
import { envStreamSeed, envStreamSeeds } from '../runner/env-streams.js';
import { ObservationHistory } from '../runner/observation-history.js';

/** How overlapping chunks combine: the newer chunk's action, or `weight` x newer + (1 - weight) x older. */
export type ChunkAggregation = { readonly kind: 'latest' } | { readonly kind: 'average'; readonly weight: number };

/** Settings of AsyncChunkedPolicy; every field has a default. */
export interface AsyncChunkedPolicyOptions {
  /**
   * Ask for the next chunk once the actions left fall to this fraction of a chunk or below
   * (LeRobot's chunk_size_threshold; default 0.5). 1: ask at every step; 0: only when empty.
   */
  readonly threshold?: number;
  /** How the actions of two chunks for the same step combine (default latest wins). */
  readonly aggregation?: ChunkAggregation;
}

/** Counters: how often act() had nothing to execute and waited for a chunk. */
export interface AsyncChunkStats {
  requests: number;
  /** Steps whose act() had to wait for a chunk (the first step of an episode always does). */
  waits: number;
}

/**
 * Asynchronous chunked inference as LeRobot's async mode does it: while the robot executes the
 * queued actions, the next chunk is already being computed (requested once the queue falls to
 * `threshold` of a chunk), so a model slower than one control period need not stall the loop.
 * Each chunk is stamped with the step its observation was taken at; when it arrives, its
 * actions for steps already executed are dropped and those that overlap the queue are
 * combined (latest wins, or a weighted average). act() waits only when the queue is empty.
 * All envs are planned together, so resets are of all envs at once.
 */
export class AsyncChunkedPolicy implements Policy {
  readonly layout: ObservationLayout;
  readonly actionDim: number;
  /** What happened so far. */
  readonly stats: AsyncChunkStats = { requests: 0, waits: 0 };
  private readonly threshold: number;
  private readonly aggregation: ChunkAggregation;
  private readonly usable: number;
  private readonly history: ObservationHistory;
  private n = 0;
  private seed = 0;
  private envSeeds: readonly number[] | null = null;
  private rngs: Rng[] = [];
  private frames = new Float32Array(0);
  private plan = new Int32Array(0);
  /** n x usable actions for steps queueStart .. queueStart + queueLength - 1. */
  private queue = new Float32Array(0);
  private spare = new Float32Array(0);
  private queueStart = 0;
  private queueLength = 0;
  private step = 0;
  /** Bumped by reset(), so a chunk asked for before it is dropped. */
  private epoch = 0;
  private inflight: Promise<void> | null = null;
  private failure: unknown = null;
  private busy = false;
  private disposed = false;

  /**
   * @param predictor the model side (a RemotePredictor, or any ChunkPredictor); the policy owns it.
   * @throws InvalidArgumentError for a threshold outside [0, 1] or a weight outside (0, 1].
   */
  constructor(readonly predictor: ChunkPredictor, options: AsyncChunkedPolicyOptions = {}) {
    this.layout = predictor.layout;
    this.actionDim = predictor.actionDim;
    this.threshold = options.threshold ?? 0.5;
    this.aggregation = options.aggregation ?? { kind: 'latest' };
    if (!(this.threshold >= 0 && this.threshold <= 1)) throw new InvalidArgumentError(`threshold: expected a fraction of a chunk in [0, 1], got ${this.threshold}`);
    if (this.aggregation.kind === 'average' && !(this.aggregation.weight > 0 && this.aggregation.weight <= 1)) {
      throw new InvalidArgumentError(`aggregation weight: expected the newer chunk's weight in (0, 1], got ${this.aggregation.weight}`);
    }
    const h = predictor.horizons;
    this.usable = h.prediction - h.actionOffset;
    this.history = new ObservationHistory(h.observation, this.layout.frameSize);
  }

  reset(options: PolicyResetOptions = {}): void {
    if (options.envs !== undefined && options.envs.length < this.n) {
      throw new InvalidArgumentError(`reset envs: the async chunk client plans all envs together; expected a reset of all ${this.n} envs, got ${options.envs.length}`);
    }
    if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new InvalidArgumentError(`reset seed: expected a safe integer, got ${options.seed}`);
    this.seed = options.seed ?? 0;
    this.envSeeds = options.seeds ?? null;
    this.n = 0;
    this.epoch++;
    this.inflight = null;
    this.failure = null;
  }

  async act(obs: ObservationBatch, n: number, target?: Float32Array): Promise<Float32Array> {
    if (this.disposed) throw new PolicyError('act() after dispose()');
    if (this.busy) throw new PolicyError('act() called again before the previous act() finished');
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`act: expected a batch size n >= 1, got ${n}`);
    if (this.n !== 0 && n !== this.n) throw new InvalidArgumentError(`act: expected ${this.n} envs as in earlier steps (reset() to change), got ${n}`);
    const d = this.actionDim;
    const out = target ?? new Float32Array(n * d);
    if (out.length !== n * d) throw new InvalidArgumentError(`act target: expected ${n} x ${d} floats, got ${out.length}`);
    if (this.n === 0) this.allocate(n);
    this.busy = true;
    try {
      this.layout.pack(obs, n, this.frames);
      this.history.push(this.frames);
      this.throwFailure();
      const left = this.queueStart + this.queueLength - this.step;
      if (this.inflight === null && left <= this.threshold * this.usable) this.request();
      if (left <= 0) {
        // Nothing to execute for this step: wait (the sync client's every plan; here, a starved queue).
        this.stats.waits++;
        while (this.queueStart + this.queueLength <= this.step) {
          if (this.inflight === null) this.request();
          await this.inflight;
          this.throwFailure();
        }
      }
      const k = this.step - this.queueStart;
      for (let i = 0; i < n; i++) out.set(this.queue.subarray((i * this.usable + k) * d, (i * this.usable + k + 1) * d), i * d);
      this.step++;
    } finally {
      this.busy = false;
    }
    return out;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.inflight?.catch(() => {});
    await this.predictor.dispose();
  }

  /** Same as dispose(), for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private allocate(n: number): void {
    this.n = n;
    this.history.resize(n);
    if (this.envSeeds && this.envSeeds.length !== n) throw new InvalidArgumentError(`act: reset() gave ${this.envSeeds.length} env seeds, got ${n} envs`);
    this.rngs = (this.envSeeds ? this.envSeeds.map((s) => envStreamSeed(s, 0)) : envStreamSeeds(this.seed, n)).map((s) => new Rng(s));
    this.frames = new Float32Array(n * this.layout.frameSize);
    this.plan = Int32Array.from({ length: n }, (_, i) => i);
    this.queue = new Float32Array(n * this.usable * this.actionDim);
    this.spare = new Float32Array(this.queue.length);
    this.queueStart = 0;
    this.queueLength = 0;
    this.step = 0;
  }

  private throwFailure(): void {
    if (this.failure === null) return;
    const e = this.failure;
    this.failure = null;
    throw e;
  }

  // Ask for a chunk from the current observation window, stamped with the current step.
  private request(): void {
    const h = this.predictor.horizons;
    const n = this.n;
    const windows = new Float32Array(n * h.observation * this.layout.frameSize);
    this.history.window(this.plan, n, h.observation, windows);
    const chunks = new Float32Array(n * h.prediction * this.actionDim);
    const stamp = this.step;
    const epoch = this.epoch;
    this.stats.requests++;
    this.inflight = this.predictor.predict(windows, n, this.rngs, chunks).then(
      () => {
        if (epoch !== this.epoch) return;
        this.inflight = null;
        this.merge(chunks, stamp);
      },
      (e: unknown) => {
        if (epoch !== this.epoch) return;
        this.inflight = null;
        this.failure = e;
      },
    );
  }

  // The chunk's row actionOffset + j is the action for step stamp + j. Steps already executed are
  // dropped; steps the queue also holds are combined as configured.
  private merge(chunks: Float32Array, stamp: number): void {
    const h = this.predictor.horizons;
    const d = this.actionDim;
    const u = this.usable;
    const from = Math.max(stamp, this.step);
    const to = stamp + u;
    const queueEnd = this.queueStart + this.queueLength;
    for (let i = 0; i < this.n; i++) {
      for (let s = from; s < to; s++) {
        const fresh = (i * h.prediction + h.actionOffset + (s - stamp)) * d;
        const at = (i * u + (s - from)) * d;
        if (s < queueEnd && s >= this.queueStart && this.aggregation.kind === 'average') {
          const old = (i * u + (s - this.queueStart)) * d;
          const w = this.aggregation.weight;
          for (let c = 0; c < d; c++) this.spare[at + c] = w * chunks[fresh + c]! + (1 - w) * this.queue[old + c]!;
        } else {
          for (let c = 0; c < d; c++) this.spare[at + c] = chunks[fresh + c]!;
        }
      }
    }
    const swap = this.queue;
    this.queue = this.spare;
    this.spare = swap;
    this.queueStart = from;
    this.queueLength = Math.max(0, to - from);
  }
}
