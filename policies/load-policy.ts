import { InvalidArgumentError } from '../errors.js';
import { BcPredictor } from './bc/bc-predictor.js';
import { RecurrentBcPolicy } from './bc/recurrent-bc-policy.js';
import { DiffusionPredictor } from './diffusion/diffusion-predictor.js';
import type { ExecutionOptions } from './model/execution-provider.js';
import { OnnxModel } from './model/onnx-model.js';
import type { Policy } from './policy.js';
import { ChunkedPolicy } from './runner/chunked-policy.js';
import type { ChunkPredictor } from './runner/chunk-predictor.js';
import { OnnxQFunction } from './vgps/onnx-q-function.js';
import { VgpsPredictor } from './vgps/vgps-predictor.js';

/** How to turn model files into a policy; every field has a default. */
export interface LoadPolicyOptions {
  /** A `q` model: wrap the base in V-GPS reranking. */
  rerank?: string;
  /** V-GPS candidates per step (default 10). */
  candidates?: number;
  /** V-GPS temperature (default 0: argmax). */
  temperature?: number;
  /** Gaussian BC heads: act with the mean or a sample (default: 'sample' under V-GPS, else 'mean'). */
  gaussian?: 'mean' | 'sample';
  /** Diffusion: sampler and inference steps (default: the file's `armkit.sampling`, else DDIM, 10 steps). */
  sampler?: 'ddim' | 'ddpm';
  inferenceSteps?: number;
  /** Actions executed per chunk (default: the model's action horizon). */
  actionHorizon?: number;
  /** ACT-style temporal ensembling coefficient (replaces the action horizon; default: the file's `armkit.execution`, else none). */
  temporalEnsemble?: number;
  execution?: ExecutionOptions;
}

/**
 * Load a `bc` or `diffusion` model file as a Policy, optionally reranked by a `q` model
 * (V-GPS). @throws ModelContractError for a file that breaks the contract, InvalidArgumentError
 * for a model of another kind or a deterministic base under reranking.
 */
export async function loadPolicy(path: string, options: LoadPolicyOptions = {}): Promise<Policy> {
  const model = await OnnxModel.load(path, options.execution);
  if (model.contract.recurrent) {
    // Its state lives with the envs from step to step: there is no chunk to queue or rerank.
    const refused = options.rerank ? 'V-GPS reranking' : options.actionHorizon !== undefined ? 'an action horizon' : options.temporalEnsemble !== undefined ? 'temporal ensembling' : null;
    if (refused) {
      await model.dispose();
      throw new InvalidArgumentError(`${path}: a recurrent model (armkit.recurrent) acts one step at a time from its state: expected no reranking, action horizon or temporal ensembling, got ${refused}`);
    }
    return new RecurrentBcPolicy(model);
  }
  // The file's temporal ensembling (ACT's temporal_ensemble_coeff) unless the options choose.
  const fromFile = options.actionHorizon === undefined ? model.contract.execution?.temporalEnsemble : undefined;
  const ensemble = options.temporalEnsemble ?? fromFile;
  return new ChunkedPolicy(await predictorFor(model, path, options), {
    ...(options.actionHorizon !== undefined ? { actionHorizon: options.actionHorizon } : {}),
    ...(ensemble !== undefined ? { temporalEnsemble: ensemble } : {}),
  });
}

/**
 * The model side of loadPolicy (observation windows -> chunks), without the runner: what a
 * policy server serves, the history and queues staying with each client. Same errors as loadPolicy.
 */
export async function loadPredictor(path: string, options: LoadPolicyOptions = {}): Promise<ChunkPredictor> {
  const model = await OnnxModel.load(path, options.execution);
  if (model.contract.recurrent) {
    await model.dispose();
    throw new InvalidArgumentError(`${path}: expected a model that predicts from observation windows, got a recurrent one (armkit.recurrent: its state stays with the envs; run it with loadPolicy)`);
  }
  return predictorFor(model, path, options);
}

async function predictorFor(model: OnnxModel, path: string, options: LoadPolicyOptions): Promise<ChunkPredictor> {
  const kind = model.contract.kind;
  let base: BcPredictor | DiffusionPredictor;
  if (kind === 'bc') {
    base = new BcPredictor(model, { gaussian: options.gaussian ?? (options.rerank ? 'sample' : 'mean') });
  } else if (kind === 'diffusion') {
    base = new DiffusionPredictor(model, { ...(options.sampler ? { sampler: options.sampler } : {}), ...(options.inferenceSteps ? { inferenceSteps: options.inferenceSteps } : {}) });
  } else {
    await model.dispose();
    throw new InvalidArgumentError(`${path}: expected a policy model (kind bc or diffusion), got kind "${kind}"`);
  }
  let predictor: ChunkPredictor = base;
  if (options.rerank) {
    if (!base.stochastic) {
      await model.dispose();
      throw new InvalidArgumentError(`${path}: V-GPS needs a stochastic base (a diffusion model or a Gaussian BC head sampled), got a deterministic ${kind} policy`);
    }
    const q = await OnnxQFunction.load(options.rerank, options.execution);
    predictor = new VgpsPredictor(base, q, { candidates: options.candidates ?? 10, temperature: options.temperature ?? 0 });
  }
  return predictor;
}
