import { InvalidArgumentError } from '../../errors.js';
import type { ObservationLayout } from '../observation-layout.js';
import type { ModelKind } from './model-contract.js';
import { Normalizer } from './normalizer.js';
import { ObservationEncoder } from './observation-encoder.js';
import type { OnnxModel } from './onnx-model.js';

/**
 * What the parts built on one ONNX model share (BC and diffusion predictors, the Q function):
 * the model they own, checked to be of their kind, its observation encoder and layout, its
 * action size and action normalizer, and freeing the model.
 */
export abstract class OnnxModelPart implements AsyncDisposable {
  /** Observation keys and frame layout the model reads. */
  readonly layout: ObservationLayout;
  /** Floats per action. */
  readonly actionDim: number;
  protected readonly encoder: ObservationEncoder;
  protected readonly actions: Normalizer;

  /**
   * @param model the model; the part owns it.
   * @param kind the kind it must be; `part` names the part in the error.
   */
  constructor(readonly model: OnnxModel, kind: ModelKind, part: string) {
    const c = model.contract;
    if (c.kind !== kind) throw new InvalidArgumentError(`${part}: expected a ${kind} model, got kind ${c.kind}`);
    this.encoder = new ObservationEncoder(c);
    this.layout = this.encoder.layout;
    this.actionDim = c.actionDim;
    this.actions = Normalizer.forAction(c.normalization.action, c.actionDim);
  }

  /** Free the model. */
  async dispose(): Promise<void> {
    await this.model.dispose();
  }

  /** Same as dispose(), for `await using`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }
}
