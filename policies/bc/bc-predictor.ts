import { InvalidArgumentError } from '../../errors.js';
import type { Rng } from '../../math/rng.js';
import { BatchTensors } from '../model/batch-tensors.js';
import type { Horizons } from '../model/model-contract.js';
import { OnnxModel, type OnnxModelOptions } from '../model/onnx-model.js';
import { OnnxModelPart } from '../model/onnx-model-part.js';
import type { CandidateSampler } from '../runner/chunk-predictor.js';
import { copyFloats } from '../copy-floats.js';

/** How a BC policy reads its head. */
export interface BcPredictorOptions {
  /**
   * For a Gaussian head: act with its mean (default) or with a sample. Samples are clamped to
   * the normalized range [-1, 1], i.e. to the min-max box of the training actions.
   */
  readonly gaussian?: 'mean' | 'sample';
}

/**
 * Behaviour cloning around an ONNX network: one call per plan, whose output is the action chunk
 * (deterministic head) or a diagonal Gaussian over it (mean and log-std heads).
 */
export class BcPredictor extends OnnxModelPart implements CandidateSampler {
  readonly horizons: Horizons;
  readonly stochastic: boolean;
  private readonly tensors: BatchTensors;
  private readonly chunkSize: number;
  private scratch = new Float32Array(0);

  /**
   * @param model a model of kind `bc`; the predictor owns it.
   * @param options use of a Gaussian head.
   */
  constructor(model: OnnxModel, options: BcPredictorOptions = {}) {
    super(model, 'bc', 'BcPredictor');
    const c = model.contract;
    if (c.recurrent) throw new InvalidArgumentError('BcPredictor: expected a model without armkit.recurrent, got one that carries state between steps (run it with RecurrentBcPolicy, as loadPolicy does)');
    const mode = options.gaussian ?? 'mean';
    if (mode !== 'mean' && mode !== 'sample') throw new InvalidArgumentError(`gaussian: expected mean or sample, got ${String(mode)}`);
    this.horizons = c.horizons;
    this.stochastic = c.head === 'gaussian' && mode === 'sample';
    const chunk = [c.horizons.prediction, c.actionDim];
    this.chunkSize = c.horizons.prediction * c.actionDim;
    const outputs = c.head === 'gaussian' ? ['action_mean', 'action_log_std'] : ['action'];
    this.tensors = new BatchTensors([
      ...this.encoder.tensorSpecs(),
      ...outputs.map((name) => ({ name, dtype: 'float32' as const, dims: chunk, role: 'output' as const })),
    ]);
  }

  /** Load a bc model and wrap it. */
  static async load(source: string | Uint8Array, options: BcPredictorOptions & OnnxModelOptions = {}): Promise<BcPredictor> {
    const model = await OnnxModel.load(source, { ...options, expectKind: 'bc' });
    return new BcPredictor(model, options);
  }

  predict(windows: Float32Array, m: number, rngs: readonly Rng[], target: Float32Array): Promise<void> {
    return this.sampleCandidates(windows, m, 1, rngs, target);
  }

  /** One network call on the m envs; the K samples come from its Gaussian head. */
  async sampleCandidates(windows: Float32Array, m: number, k: number, rngs: readonly Rng[], target: Float32Array): Promise<void> {
    const set = this.tensors.get(m);
    this.encoder.encode(windows, m, set.floats, 1);
    await this.model.run(set.feeds, set.fetches);
    const size = this.chunkSize;
    const rows = m * k * this.horizons.prediction;
    if (this.scratch.length < m * k * size) this.scratch = new Float32Array(m * k * size);
    const out = this.scratch;
    const mean = set.floats['action_mean'] ?? set.floats['action']!;
    const logStd = this.stochastic ? set.floats['action_log_std']! : null;
    for (let i = 0; i < m; i++) {
      const rng = rngs[i]!;
      for (let c = 0; c < k; c++) {
        const dst = (i * k + c) * size;
        if (!logStd) {
          copyFloats(mean, i * size, out, dst, size);
          continue;
        }
        for (let j = 0; j < size; j++) {
          const a = mean[i * size + j]! + Math.exp(logStd[i * size + j]!) * rng.normal();
          out[dst + j] = a < -1 ? -1 : a > 1 ? 1 : a;
        }
      }
    }
    this.actions.unnormalize(out, 0, target, 0, rows);
  }
}
