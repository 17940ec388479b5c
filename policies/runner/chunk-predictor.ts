import type { Rng } from '../../math/rng.js';
import type { Horizons } from '../model/model-contract.js';
import type { ObservationLayout } from '../observation-layout.js';

/**
 * What the runner asks of a model-backed policy: action chunks from observation windows. The
 * runner owns history, queues and ensembling; a predictor owns its models.
 */
export interface ChunkPredictor extends AsyncDisposable {
  /** Observation keys and frame layout the predictor reads. */
  readonly layout: ObservationLayout;
  /** Floats per action. */
  readonly actionDim: number;
  /** Observation window, chunk length, executed steps and the offset of the current step in a chunk. */
  readonly horizons: Horizons;
  /** Whether predict() draws from the random streams (false: same window, same chunk). */
  readonly stochastic: boolean;
  /**
   * Predict one chunk for each of `m` envs.
   * @param windows raw observation frames, m x horizons.observation x layout.frameSize, oldest first.
   * @param rngs the random stream of each of the m envs.
   * @param target m x horizons.prediction x actionDim actions in the env's action space.
   */
  predict(windows: Float32Array, m: number, rngs: readonly Rng[], target: Float32Array): Promise<void>;
  /** Free the predictor's models. Safe to call twice. */
  dispose(): Promise<void>;
}

/** A stochastic predictor that can also draw K candidate chunks per env in one go. */
export interface CandidateSampler extends ChunkPredictor {
  /**
   * Draw `k` chunks for each of `m` envs, in as few model calls as the model allows.
   * @param target m x k x horizons.prediction x actionDim, candidates of env i at rows i*k .. i*k+k-1.
   */
  sampleCandidates(windows: Float32Array, m: number, k: number, rngs: readonly Rng[], target: Float32Array): Promise<void>;
}
