import type { ExpectedDim, ExpectedTensor, ObservationKeySpec } from './model-contract.js';
import type { ParsedContract } from './parse-contract.js';

/** An expected dimension, or `any` where the metadata that fixes it could not be read. */
export type SignatureDim = ExpectedDim | 'any';

/** An expected tensor whose dims may be partly unknown. */
export interface SignatureTensor extends Omit<ExpectedTensor, 'dims'> {
  /** Shape, batch axis first. */
  readonly dims: readonly SignatureDim[];
}

/** Inputs and outputs a model of some kind must declare. */
export interface ModelSignature {
  /** Every input, in no particular order; no others may exist. */
  readonly inputs: readonly SignatureTensor[];
  /** Every output the runtime reads; others are allowed and ignored. */
  readonly outputs: readonly SignatureTensor[];
  /** False when the observation keys are unknown, so image inputs cannot be named. */
  readonly observationInputsKnown: boolean;
}

/** Name of the input that carries the concatenated low_dim observation keys. */
export const LOW_DIM_INPUT = 'obs';

/** The same window flattened to [batch, To * D], as diffusion_policy's ConditionalUnet1D names it. */
export const FLAT_LOW_DIM_INPUT = 'global_cond';

/** Name of the input that carries an rgb observation key. */
export function imageInputName(key: string): string {
  return `${LOW_DIM_INPUT}.${key}`;
}

/** Graph input of a recurrent model's state tensor. */
export function recurrentInputName(state: string): string {
  return `state.${state}`;
}

/** Graph output of a recurrent model's next state tensor. */
export function recurrentOutputName(state: string): string {
  return `next_state.${state}`;
}

/** Total size of one frame of the low_dim keys, concatenated in key order. */
export function lowDimSize(keys: readonly ObservationKeySpec[]): number {
  let d = 0;
  for (const k of keys) if (k.type === 'low_dim') d += k.shape[0]!;
  return d;
}

/**
 * The signature a contract implies: observation inputs for every kind, then per kind:
 * bc `action` (or `action_mean` and `action_log_std`), diffusion `sample` + `timestep` ->
 * `prediction`, q `actions` -> `q`, reward-classifier -> `logit`.
 * With `flat`, a diffusion model's low_dim window is `global_cond` [batch, To * D].
 * Returns null when the kind itself is unknown.
 */
export function modelSignature(c: ParsedContract, flat = false): ModelSignature | null {
  if (!c.kind) return null;
  const to: SignatureDim = c.horizons?.observation ?? 'any';
  const tp: SignatureDim = c.horizons?.prediction ?? 'any';
  const da: SignatureDim = c.actionDim ?? 'any';
  const inputs: SignatureTensor[] = [];
  if (!c.observationKeys) {
    inputs.push({ name: LOW_DIM_INPUT, dtype: 'float32', dims: ['batch', to, 'any'] });
  } else {
    if (c.observationKeys.some((k) => k.type === 'low_dim')) {
      const d = lowDimSize(c.observationKeys);
      if (flat) inputs.push({ name: FLAT_LOW_DIM_INPUT, dtype: 'float32', dims: ['batch', to === 'any' ? 'any' : to * d] });
      else inputs.push({ name: LOW_DIM_INPUT, dtype: 'float32', dims: ['batch', to, d] });
    }
    for (const k of c.observationKeys) {
      if (k.type === 'rgb') inputs.push({ name: imageInputName(k.name), dtype: 'float32', dims: ['batch', to, ...k.shape] });
    }
  }
  const outputs: SignatureTensor[] = [];
  switch (c.kind) {
    case 'bc':
      if (c.head === 'deterministic') outputs.push({ name: 'action', dtype: 'float32', dims: ['batch', tp, da] });
      if (c.head === 'gaussian') {
        outputs.push({ name: 'action_mean', dtype: 'float32', dims: ['batch', tp, da] });
        outputs.push({ name: 'action_log_std', dtype: 'float32', dims: ['batch', tp, da] });
      }
      // A recurrent model's state comes in and goes out, batch first.
      for (const s of c.recurrent?.state ?? []) {
        inputs.push({ name: recurrentInputName(s.name), dtype: 'float32', dims: ['batch', ...s.shape] });
        outputs.push({ name: recurrentOutputName(s.name), dtype: 'float32', dims: ['batch', ...s.shape] });
      }
      break;
    case 'diffusion':
      inputs.push({ name: 'sample', dtype: 'float32', dims: ['batch', tp, da] });
      inputs.push({ name: 'timestep', dtype: 'int64', dims: ['batch'] });
      outputs.push({ name: 'prediction', dtype: 'float32', dims: ['batch', tp, da] });
      break;
    case 'q':
      inputs.push({ name: 'actions', dtype: 'float32', dims: ['batch', 'dynamic', da] });
      outputs.push({ name: 'q', dtype: 'float32', dims: ['batch', 'dynamic'] });
      break;
    case 'reward-classifier':
      outputs.push({ name: 'logit', dtype: 'float32', dims: ['batch', 1] });
      break;
  }
  return { inputs, outputs, observationInputsKnown: c.observationKeys !== undefined };
}
