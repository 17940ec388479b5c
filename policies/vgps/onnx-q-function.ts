import { BatchTensors } from '../model/batch-tensors.js';
import { OnnxModel, type OnnxModelOptions } from '../model/onnx-model.js';
import { OnnxModelPart } from '../model/onnx-model-part.js';
import type { QFunction } from './q-function.js';
import { copyFloats } from '../copy-floats.js';

/** Q(s, a) from an ONNX model of kind `q`: obs [B, To, D] and actions [B, K, Da] in, q [B, K] out. */
export class OnnxQFunction extends OnnxModelPart implements QFunction {
  readonly horizon: number;
  private readonly tensorsByK = new Map<number, BatchTensors>();

  /** @param model a model of kind `q`; the critic owns it. */
  constructor(model: OnnxModel) {
    super(model, 'q', 'OnnxQFunction');
    this.horizon = model.contract.horizons.observation;
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
