import { InvalidArgumentError } from '../../errors.js';
import { BatchTensors } from '../model/batch-tensors.js';
import { Normalizer } from '../model/normalizer.js';
import { ObservationEncoder } from '../model/observation-encoder.js';
import { OnnxModel, type OnnxModelOptions } from '../model/onnx-model.js';
import type { ObservationLayout } from '../observation-layout.js';
import type { QFunction } from './q-function.js';
import { copyFloats } from '../copy-floats.js';

/** Q(s, a) from an ONNX model of kind `q`: obs [B, To, D] and actions [B, K, Da] in, q [B, K] out. */
export class OnnxQFunction implements QFunction {
  readonly layout: ObservationLayout;
  readonly horizon: number;
  readonly actionDim: number;
  private readonly encoder: ObservationEncoder;
  private readonly actions: Normalizer;
  private readonly tensorsByK = new Map<number, BatchTensors>();

  /** @param model a model of kind `q`; the critic owns it. */
  constructor(readonly model: OnnxModel) {
    const c = model.contract;
    if (c.kind !== 'q') throw new InvalidArgumentError(`OnnxQFunction: expected a q model, got kind ${c.kind}`);
    this.encoder = new ObservationEncoder(c);
    this.layout = this.encoder.layout;
    this.horizon = c.horizons.observation;
    this.actionDim = c.actionDim;
    this.actions = Normalizer.forAction(c.normalization.action, c.actionDim);
  }

  /** Load a q model and wrap it. */
  static async load(source: string | Uint8Array, options: OnnxModelOptions = {}): Promise<OnnxQFunction> {
    return new OnnxQFunction(await OnnxModel.load(source, { ...options, expectKind: 'q' }));
  }

  async score(windows: Float32Array, m: number, actions: Float32Array, k: number, target: Float32Array): Promise<void> {
    const set = this.tensorsFor(k).get(m);
    this.encoder.encode(windows, m, set.floats, 1);
    this.actions.normalize(actions, 0, set.floats['actions']!, 0, m * k);
    await this.model.run(set.feeds, set.fetches);
    copyFloats(set.floats['q']!, 0, target, 0, m * k);
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }

  /** Same as dispose(), for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private tensorsFor(k: number): BatchTensors {
    let t = this.tensorsByK.get(k);
    if (!t) {
      t = new BatchTensors([
        ...this.encoder.tensorSpecs(),
        { name: 'actions', dtype: 'float32', dims: [k, this.actionDim], role: 'input' },
        { name: 'q', dtype: 'float32', dims: [k], role: 'output' },
      ]);
      this.tensorsByK.set(k, t);
    }
    return t;
  }
}
