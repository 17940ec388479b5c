import { InvalidArgumentError } from '../../errors.js';
import type { Rng } from '../../math/rng.js';
import type { Horizons } from '../model/model-contract.js';
import type { ObservationLayout } from '../observation-layout.js';
import { PolicyError } from '../policy-errors.js';
import type { CandidateSampler, ChunkPredictor } from '../runner/chunk-predictor.js';
import { chooseCandidate } from './choose-candidate.js';
import type { QFunction } from './q-function.js';
import { copyFloats } from '../copy-floats.js';

/** V-GPS settings. */
export interface VgpsOptions {
  /** Candidates drawn per env and step (default 10, as V-GPS). */
  readonly candidates?: number;
  /** 0 picks the best candidate; above 0 samples softmax(Q / temperature) (default 0). */
  readonly temperature?: number;
}

/**
 * Value-guided policy steering (V-GPS): draw K candidate chunks from a stochastic base policy,
 * score the action each chunk would execute now with Q(s, a), and keep one chunk per env.
 */
export class VgpsPredictor implements ChunkPredictor {
  readonly layout: ObservationLayout;
  readonly actionDim: number;
  readonly horizons: Horizons;
  readonly stochastic = true;
  /** Candidates per env. */
  readonly candidates: number;
  /** Softmax temperature (0: argmax). */
  readonly temperature: number;
  private candidateChunks = new Float32Array(0);
  private firstActions = new Float32Array(0);
  private qValues = new Float32Array(0);
  private baseWindows = new Float32Array(0);
  private qWindows = new Float32Array(0);
  private picks = new Int32Array(0);
  private lastCount = 0;

  /**
   * @param base the policy to steer; must be stochastic. Owned and disposed by this predictor.
   * @param q the critic; must read the same observation keys. Owned and disposed by this predictor.
   * @param options K and temperature.
   */
  constructor(readonly base: CandidateSampler, readonly q: QFunction, options: VgpsOptions = {}) {
    const k = options.candidates ?? 10;
    const temperature = options.temperature ?? 0;
    if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError(`candidates: expected an integer >= 1, got ${k}`);
    if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new InvalidArgumentError(`temperature: expected a finite number >= 0, got ${temperature}`);
    if (!base.stochastic) throw new PolicyError('V-GPS: the base policy is deterministic, so its K candidates would be equal (use a Gaussian head in sample mode, or diffusion)');
    if (!base.layout.equals(q.layout)) {
      throw new PolicyError(`V-GPS: base and Q read different observations: base ${base.layout.describe()}; Q ${q.layout.describe()}`);
    }
    if (base.actionDim !== q.actionDim) throw new PolicyError(`V-GPS: base acts in ${base.actionDim} dims, Q scores ${q.actionDim}`);
    this.candidates = k;
    this.temperature = temperature;
    this.layout = base.layout;
    this.actionDim = base.actionDim;
    this.horizons = { ...base.horizons, observation: Math.max(base.horizons.observation, q.horizon) };
  }

  /** Candidate chosen for each env of the last predict(), in plan order. */
  get lastChoices(): Int32Array {
    return this.picks.subarray(0, this.lastCount);
  }

  async predict(windows: Float32Array, m: number, rngs: readonly Rng[], target: Float32Array): Promise<void> {
    const k = this.candidates;
    const d = this.actionDim;
    const chunk = this.horizons.prediction * d;
    this.ensureCapacity(m);
    const baseWindows = this.lastFrames(windows, m, this.base.horizons.observation, this.baseWindows);
    await this.base.sampleCandidates(baseWindows, m, k, rngs, this.candidateChunks);
    // Score the action each chunk would execute now.
    const first = this.horizons.actionOffset * d;
    for (let r = 0; r < m * k; r++) {
      const src = r * chunk + first;
      copyFloats(this.candidateChunks, src, this.firstActions, r * d, d);
    }
    const qWindows = this.lastFrames(windows, m, this.q.horizon, this.qWindows);
    await this.q.score(qWindows, m, this.firstActions, k, this.qValues);
    for (let i = 0; i < m; i++) {
      const c = chooseCandidate(this.qValues, i * k, k, this.temperature, rngs[i]!);
      this.picks[i] = c;
      const src = (i * k + c) * chunk;
      copyFloats(this.candidateChunks, src, target, i * chunk, chunk);
    }
    this.lastCount = m;
  }

  async dispose(): Promise<void> {
    await Promise.all([this.base.dispose(), this.q.dispose()]);
  }

  /** Same as dispose(), for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private ensureCapacity(m: number): void {
    if (this.picks.length >= m) return;
    const k = this.candidates;
    const f = this.layout.frameSize;
    this.candidateChunks = new Float32Array(m * k * this.horizons.prediction * this.actionDim);
    this.firstActions = new Float32Array(m * k * this.actionDim);
    this.qValues = new Float32Array(m * k);
    this.baseWindows = new Float32Array(m * this.base.horizons.observation * f);
    this.qWindows = new Float32Array(m * this.q.horizon * f);
    this.picks = new Int32Array(m);
  }

  /** The last `length` frames of each window, or the windows themselves when they are that long. */
  private lastFrames(windows: Float32Array, m: number, length: number, scratch: Float32Array): Float32Array {
    const to = this.horizons.observation;
    if (length === to) return windows;
    const f = this.layout.frameSize;
    for (let i = 0; i < m; i++) {
      const src = (i * to + to - length) * f;
      copyFloats(windows, src, scratch, i * length * f, length * f);
    }
    return scratch;
  }
}
