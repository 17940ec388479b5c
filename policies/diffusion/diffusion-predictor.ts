import { InvalidArgumentError } from '../../errors.js';
import type { Rng } from '../../math/rng.js';
import { BatchTensors, type BatchTensorSet } from '../model/batch-tensors.js';
import type { Horizons } from '../model/model-contract.js';
import { OnnxModel, type OnnxModelOptions } from '../model/onnx-model.js';
import { OnnxModelPart } from '../model/onnx-model-part.js';
import type { CandidateSampler } from '../runner/chunk-predictor.js';
import { DdimSampler } from './ddim-sampler.js';
import { DdpmSampler } from './ddpm-sampler.js';
import type { DiffusionSampler } from './diffusion-sampler.js';

/** How a diffusion policy samples. */
export interface DiffusionPredictorOptions {
  /** Update rule (default: the file's `armkit.sampling`, else `ddim`). */
  readonly sampler?: 'ddim' | 'ddpm';
  /**
   * Inference steps (default: the file's when it names this sampler, else 10 for DDIM and every
   * training step for DDPM).
   */
  readonly inferenceSteps?: number;
  /** DDIM noise scale (default: the file's for DDIM, else 0, deterministic given the initial noise). */
  readonly eta?: number;
}

/**
 * Diffusion policy around an ONNX noise (or sample) network: draws Gaussian noise from each
 * env's stream, denoises it with a TypeScript DDPM or DDIM sampler calling the network once per
 * step, and unnormalizes the result into an action chunk. K candidates per env share one
 * batched network call per step.
 */
export class DiffusionPredictor extends OnnxModelPart implements CandidateSampler {
  readonly horizons: Horizons;
  readonly stochastic = true;
  /** The update rule in use. */
  readonly sampler: DiffusionSampler;
  private readonly tensors: BatchTensors;
  private readonly timestepValues: bigint[];
  private readonly noise = new Map<number, Float32Array>();
  private readonly chunkSize: number;

  /**
   * @param model a model of kind `diffusion`; the predictor owns it.
   * @param options sampler and steps.
   */
  constructor(model: OnnxModel, options: DiffusionPredictorOptions = {}) {
    super(model, 'diffusion', 'DiffusionPredictor');
    const c = model.contract;
    if (!c.scheduler) throw new InvalidArgumentError(`DiffusionPredictor: expected a diffusion model, got kind ${c.kind}`);
    this.horizons = c.horizons;
    const kind = options.sampler ?? c.sampling?.sampler ?? 'ddim';
    // The file's steps and eta were chosen for its sampler; another sampler keeps its own defaults.
    const file = c.sampling?.sampler === kind ? c.sampling : undefined;
    // Dynamic thresholding takes its quantile over each candidate's chunk.
    const chunkSize = c.horizons.prediction * c.actionDim;
    if (kind === 'ddim') this.sampler = new DdimSampler(c.scheduler, { steps: options.inferenceSteps ?? file?.inferenceSteps ?? 10, eta: options.eta ?? file?.eta ?? 0, chunkSize });
    else if (kind === 'ddpm') this.sampler = new DdpmSampler(c.scheduler, options.inferenceSteps ?? file?.inferenceSteps ?? c.scheduler.numTrainTimesteps, chunkSize);
    else throw new InvalidArgumentError(`sampler: expected ddim or ddpm, got ${String(kind)}`);
    this.timestepValues = Array.from(this.sampler.timesteps, (t) => BigInt(t));
    const chunk = [c.horizons.prediction, c.actionDim];
    this.chunkSize = c.horizons.prediction * c.actionDim;
    this.tensors = new BatchTensors([
      ...this.encoder.tensorSpecs(),
      { name: 'sample', dtype: 'float32', dims: chunk, role: 'input' },
      { name: 'timestep', dtype: 'int64', dims: [], role: 'input' },
      { name: 'prediction', dtype: 'float32', dims: chunk, role: 'output' },
    ]);
  }

  /** Load a diffusion model and wrap it. */
  static async load(source: string | Uint8Array, options: DiffusionPredictorOptions & OnnxModelOptions = {}): Promise<DiffusionPredictor> {
    const model = await OnnxModel.load(source, { ...options, expectKind: 'diffusion' });
    return new DiffusionPredictor(model, options);
  }

  predict(windows: Float32Array, m: number, rngs: readonly Rng[], target: Float32Array): Promise<void> {
    return this.sampleCandidates(windows, m, 1, rngs, target);
  }

  async sampleCandidates(windows: Float32Array, m: number, k: number, rngs: readonly Rng[], target: Float32Array): Promise<void> {
    const b = m * k;
    const set = this.tensors.get(b);
    this.encoder.encode(windows, m, set.floats, k);
    const sample = set.floats['sample']!;
    // Env i's stream draws the initial noise of its k candidates, one after another.
    const perEnv = k * this.chunkSize;
    for (let i = 0; i < m; i++) {
      const rng = rngs[i]!;
      for (let j = i * perEnv, end = j + perEnv; j < end; j++) sample[j] = rng.normal();
    }
    await this.chain(set, b, k, rngs);
    this.actions.unnormalize(sample, 0, target, 0, b * this.horizons.prediction);
  }

  /**
   * Denoise from given initial noise instead of drawing it, to reproduce a reference chain.
   * @param initialNoise m x prediction x actionDim normalized noise (x_T).
   * @param rngs streams for the noise of stochastic samplers; unused by deterministic DDIM.
   */
  async denoise(windows: Float32Array, m: number, initialNoise: Float32Array, rngs: readonly Rng[], target: Float32Array): Promise<void> {
    const set = this.tensors.get(m);
    this.encoder.encode(windows, m, set.floats, 1);
    set.floats['sample']!.set(initialNoise.subarray(0, m * this.chunkSize));
    await this.chain(set, m, 1, rngs);
    this.actions.unnormalize(set.floats['sample']!, 0, target, 0, m * this.horizons.prediction);
  }

  private async chain(set: BatchTensorSet, b: number, k: number, rngs: readonly Rng[]): Promise<void> {
    const sample = set.floats['sample']!;
    const prediction = set.floats['prediction']!;
    const timestep = set.ints['timestep']!;
    const noise = this.sampler.stochastic ? this.noiseBuffer(b) : null;
    const perEnv = k * this.chunkSize;
    const steps = this.sampler.timesteps.length;
    for (let s = 0; s < steps; s++) {
      timestep.fill(this.timestepValues[s]!);
      await this.model.run(set.feeds, set.fetches);
      if (noise) {
        for (let i = 0; i < b / k; i++) {
          const rng = rngs[i]!;
          for (let j = i * perEnv, end = j + perEnv; j < end; j++) noise[j] = rng.normal();
        }
      }
      this.sampler.step(s, prediction, sample, noise);
    }
  }

  private noiseBuffer(b: number): Float32Array {
    let buf = this.noise.get(b);
    if (!buf) {
      buf = new Float32Array(b * this.chunkSize);
      this.noise.set(b, buf);
    }
    return buf;
  }
}
