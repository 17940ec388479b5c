import type { BatchTensorSpec } from './batch-tensors.js';
import { ObservationLayout } from '../observation-layout.js';
import type { ModelContract } from './model-contract.js';
import { FLAT_LOW_DIM_INPUT, imageInputName, LOW_DIM_INPUT } from './model-signature.js';
import { Normalizer } from './normalizer.js';

/**
 * Turns windows of raw observation frames into a model's normalized observation inputs:
 * low_dim keys concatenated into `obs` [B, To, D] (or `global_cond` [B, To * D], the same floats,
 * for a flat-window model), each rgb key into `obs.<key>` [B, To, C, H, W].
 */
export class ObservationEncoder {
  /** Frame layout the encoder reads. */
  readonly layout: ObservationLayout;
  /** Observation frames per window (To). */
  readonly horizon: number;
  /** Model input names, in the order of `inputFrameSizes`. */
  readonly inputNames: readonly string[];
  /** Floats per frame of each input. */
  readonly inputFrameSizes: readonly number[];
  /** Dimensions after the batch axis of each input: [To, D] or [To, C, H, W]. */
  readonly inputDims: readonly (readonly number[])[];
  private readonly normalizer: Normalizer;
  // Per key: which input it lands in and where inside that input's frame.
  private readonly keyInput: Int32Array;
  private readonly keyInputOffset: Int32Array;

  /** @param contract the model's contract; its keys, horizon and statistics. */
  constructor(contract: ModelContract) {
    this.layout = new ObservationLayout(contract.observationKeys);
    this.horizon = contract.horizons.observation;
    this.normalizer = Normalizer.forObservation(contract.observationKeys, contract.normalization.observation);
    const names: string[] = [];
    const sizes: number[] = [];
    const keys = contract.observationKeys;
    this.keyInput = new Int32Array(keys.length);
    this.keyInputOffset = new Int32Array(keys.length);
    if (keys.some((k) => k.type === 'low_dim')) {
      names.push(LOW_DIM_INPUT);
      sizes.push(0);
    }
    keys.forEach((k, i) => {
      if (k.type === 'low_dim') {
        this.keyInput[i] = 0;
        this.keyInputOffset[i] = sizes[0]!;
        sizes[0] = sizes[0]! + this.layout.sizes[i]!;
      } else {
        this.keyInput[i] = names.length;
        this.keyInputOffset[i] = 0;
        names.push(imageInputName(k.name));
        sizes.push(this.layout.sizes[i]!);
      }
    });
    const images = keys.filter((k) => k.type === 'rgb');
    const lowDim = names[0] === LOW_DIM_INPUT ? 1 : 0;
    this.inputDims = names.map((_, n) => (n < lowDim ? (contract.flatObservation ? [this.horizon * sizes[0]!] : [this.horizon, sizes[0]!]) : [this.horizon, ...images[n - lowDim]!.shape]));
    if (lowDim && contract.flatObservation) names[0] = FLAT_LOW_DIM_INPUT;
    this.inputNames = names;
    this.inputFrameSizes = sizes;
  }

  /** Tensor specs of the observation inputs, for BatchTensors. */
  tensorSpecs(): BatchTensorSpec[] {
    return this.inputNames.map((name, n) => ({ name, dtype: 'float32', dims: this.inputDims[n]!, role: 'input' }));
  }

  /**
   * Normalize `m` windows (m x To x frameSize, raw) into the observation inputs (arrays by
   * input name), writing each env's window `repeat` times in a row so that K candidates of
   * one env share its observation.
   */
  encode(windows: Float32Array, m: number, inputs: Readonly<Record<string, Float32Array>>, repeat = 1): void {
    const f = this.layout.frameSize;
    const to = this.horizon;
    const scale = this.normalizer.scale;
    const offset = this.normalizer.offset;
    const keys = this.layout.keys.length;
    for (let i = 0; i < m; i++) {
      for (let k = 0; k < keys; k++) {
        const input = inputs[this.inputNames[this.keyInput[k]!]!]!;
        const fi = this.inputFrameSizes[this.keyInput[k]!]!;
        const ko = this.layout.offsets[k]!;
        const size = this.layout.sizes[k]!;
        const dOff = this.keyInputOffset[k]!;
        for (let t = 0; t < to; t++) {
          const src = (i * to + t) * f + ko;
          const dst = (i * repeat * to + t) * fi + dOff;
          for (let j = 0; j < size; j++) input[dst + j] = windows[src + j]! * scale[ko + j]! + offset[ko + j]!;
        }
      }
      // Copy the first row of this env to its other K - 1 rows.
      for (let c = 1; c < repeat; c++) {
        for (let n = 0; n < this.inputNames.length; n++) {
          const row = to * this.inputFrameSizes[n]!;
          const input = inputs[this.inputNames[n]!]!;
          input.copyWithin((i * repeat + c) * row, i * repeat * row, (i * repeat + 1) * row);
        }
      }
    }
  }
}
