import { Tensor } from 'onnxruntime-node';
import { ObservationEncoder } from '../../policies/model/observation-encoder.js';
import { OnnxModel } from '../../policies/model/onnx-model.js';
import { DetectorError } from '../hardware-errors.js';
import type { Detection, Detector, DetectorInput } from './detector.js';

/** A reward classifier: model path, sigmoid threshold, and how many consecutive frames must pass. */
export interface ClassifierConfig {
  kind: 'classifier';
  /** ONNX file of kind `reward-classifier` (policies/MODEL-CONTRACT.md). */
  model: string;
  /** Success when sigmoid(logit) >= threshold (default 0.5; SERL also uses 0.85). */
  threshold?: number;
  /** ...for this many consecutive frames (default 1). */
  frames?: number;
}

/**
 * SERL's learned success detector: a binary classifier over the model's observation keys
 * (images or state), thresholded on its sigmoid, success only after `frames` passing frames in
 * a row. Confidence is the sigmoid. Dispose to free the session.
 */
export class ClassifierDetector implements Detector {
  readonly threshold: number;
  readonly frames: number;
  private streak = 0;
  private readonly encoder: ObservationEncoder;
  private readonly window: Float32Array;
  private readonly feeds: Record<string, Tensor>;
  private readonly inputs: Record<string, Float32Array> = {};
  private readonly logit = new Float32Array(1);
  private readonly fetches: Record<string, Tensor>;

  private constructor(readonly model: OnnxModel, config: ClassifierConfig) {
    this.threshold = config.threshold ?? 0.5;
    this.frames = config.frames ?? 1;
    if (!(this.threshold > 0 && this.threshold < 1)) throw new DetectorError(`classifier threshold: expected a number in (0, 1), got ${config.threshold}`);
    if (!Number.isInteger(this.frames) || this.frames < 1) throw new DetectorError(`classifier frames: expected an integer >= 1, got ${config.frames}`);
    this.encoder = new ObservationEncoder(model.contract);
    if (this.encoder.horizon !== 1) throw new DetectorError(`classifier ${model.label}: expected an observation horizon of 1, got ${this.encoder.horizon}`);
    this.window = new Float32Array(this.encoder.layout.frameSize);
    this.feeds = {};
    this.encoder.inputNames.forEach((name, n) => {
      const data = new Float32Array(this.encoder.inputFrameSizes[n]!);
      this.inputs[name] = data;
      this.feeds[name] = new Tensor('float32', data, [1, ...this.encoder.inputDims[n]!]);
    });
    this.fetches = { logit: new Tensor('float32', this.logit, [1, 1]) };
  }

  /** Load and check a reward-classifier model. */
  static async load(config: ClassifierConfig): Promise<ClassifierDetector> {
    return new ClassifierDetector(await OnnxModel.load(config.model, { expectKind: 'reward-classifier' }), config);
  }

  /** The keys the classifier reads, in order. */
  get keys(): string[] {
    return this.encoder.layout.keys.map((k) => k.name);
  }

  reset(): void {
    this.streak = 0;
  }

  async detect(input: DetectorInput): Promise<Detection> {
    const layout = this.encoder.layout;
    layout.keys.forEach((k, i) => {
      const v = input.views.get(k.name) ?? input.observation.extras.get(k.name);
      if (!v || v.length !== layout.sizes[i]) throw new DetectorError(`classifier ${this.model.label}: observation '${k.name}' of ${layout.sizes[i]} values is missing (got ${v?.length ?? 'none'})`);
      this.window.set(v, layout.offsets[i]!);
    });
    this.encoder.encode(this.window, 1, this.inputs);
    await this.model.run(this.feeds, this.fetches);
    const p = 1 / (1 + Math.exp(-this.logit[0]!));
    this.streak = p >= this.threshold ? this.streak + 1 : 0;
    const success = this.streak >= this.frames;
    return { success, reward: success ? 1 : 0, confidence: p };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
