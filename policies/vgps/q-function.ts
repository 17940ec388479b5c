import type { ObservationLayout } from '../observation-layout.js';

/** A critic Q(s, a) that scores K candidate actions per env in one call. */
export interface QFunction extends AsyncDisposable {
  /** Observation keys and frame layout the critic reads. */
  readonly layout: ObservationLayout;
  /** Observation frames per window. */
  readonly horizon: number;
  /** Floats per action. */
  readonly actionDim: number;
  /**
   * Score `k` actions for each of `m` envs.
   * @param windows raw frames, m x horizon x layout.frameSize, oldest first.
   * @param actions m x k x actionDim, in the env's action space.
   * @param target m x k values.
   */
  score(windows: Float32Array, m: number, actions: Float32Array, k: number, target: Float32Array): Promise<void>;
  /** Free the critic's model. Safe to call twice. */
  dispose(): Promise<void>;
}
