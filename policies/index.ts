/**
 * Policies: the Policy interface, the ONNX model contract and its loader with execution-provider
 * fallback, the chunk runner, BC, diffusion (DDPM/DDIM) and V-GPS reranking.
 */
export type { Policy, PolicyResetOptions } from './policy.js';
export { ObservationLayout, type ObservationBatch } from './observation-layout.js';
export {
  PolicyError,
  ModelContractError,
  ExecutionProviderError,
  type ContractMismatch,
  type ProviderFailure,
} from './policy-errors.js';
export {
  CONTRACT_VERSION,
  METADATA_KEYS,
  MODEL_KINDS,
  type BcHead,
  type ExecutionDefaults,
  type RecurrentSpec,
  type RecurrentStateSpec,
  type DiffusionSchedulerConfig,
  type Horizons,
  type ModelContract,
  type ModelKind,
  type NormalizationSpec,
  type NormalizationStats,
  type ObservationKeySpec,
} from './model/model-contract.js';
export { MODEL_METADATA_SCHEMA } from './model/contract-schema.js';
export { OnnxModel, type OnnxModelOptions } from './model/onnx-model.js';
export { ObservationEncoder } from './model/observation-encoder.js';
export { Normalizer } from './model/normalizer.js';
export { BatchTensors, type BatchTensorSet, type BatchTensorSpec } from './model/batch-tensors.js';
export {
  DEFAULT_EXECUTION_OPTIONS,
  createProviderSession,
  type ExecutionOptions,
  type ExecutionProviderName,
  type ProviderSession,
} from './model/execution-provider.js';
export { ChunkedPolicy, type ChunkedPolicyOptions } from './runner/chunked-policy.js';
export type { CandidateSampler, ChunkPredictor } from './runner/chunk-predictor.js';
export { BcPredictor, type BcPredictorOptions } from './bc/bc-predictor.js';
export { RecurrentBcPolicy } from './bc/recurrent-bc-policy.js';
export { DiffusionPredictor, type DiffusionPredictorOptions } from './diffusion/diffusion-predictor.js';
export type { DiffusionSampler } from './diffusion/diffusion-sampler.js';
export { DdimSampler, type DdimOptions } from './diffusion/ddim-sampler.js';
export { DdpmSampler } from './diffusion/ddpm-sampler.js';
export { NoiseSchedule, type NoiseScheduleConfig } from './diffusion/noise-schedule.js';
export { VgpsPredictor, type VgpsOptions } from './vgps/vgps-predictor.js';
export type { QFunction } from './vgps/q-function.js';
export { OnnxQFunction } from './vgps/onnx-q-function.js';
export { loadPolicy, type LoadPolicyOptions } from './load-policy.js';
export { loadPredictor } from './load-policy.js';
export { PolicyServer, RemotePredictor, ProtocolError, RemotePolicyError, PROTOCOL_VERSION, type RemoteSpec } from './remote/index.js';
