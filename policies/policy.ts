import type { ObservationBatch, ObservationLayout } from './observation-layout.js';

/** What to reset. */
export interface PolicyResetOptions {
  /**
   * Seed of the policy's random streams. Env `i` always draws from a stream that depends only
   * on (seed, i), so an env's actions do not depend on how many envs share the batch.
   * Default: 0 on a full reset; on a partial reset, the reset envs keep their streams.
   */
  readonly seed?: number;
  /**
   * On a full reset: one seed per env, so env i's stream depends on seeds[i] alone and not on
   * its place in the batch (evaluation seeds each env with its episode's seed).
   */
  readonly seeds?: readonly number[];
  /** Reset only these envs (their history and queued actions); the others carry on. */
  readonly envs?: readonly number[];
}

/**
 * The one policy interface: learned models, scripted experts, remote policies and teleop all
 * act for N envs at once. Stateful across steps (observation history, queued action chunks,
 * expert phases), so the batch size is fixed from the first act() after a full reset until the
 * next full reset. Every random draw comes from the seeded streams of reset().
 */
export interface Policy extends AsyncDisposable {
  /** Observation keys it reads and their place in a flat frame. */
  readonly layout: ObservationLayout;
  /** Floats per action. */
  readonly actionDim: number;
  /** Start new episodes: all envs, or only `options.envs`. */
  reset(options?: PolicyResetOptions): void;
  /**
   * One action per env for the current step; a policy that computes at once (a scripted
   * expert) returns the array itself, a model a promise of it.
   * @param obs the current observation of `n` envs: flat frames (n x layout.frameSize) or one array per key.
   * @param n number of envs.
   * @param target where to write the n x actionDim actions (default: a new array).
   * @returns `target`, filled.
   */
  act(obs: ObservationBatch, n: number, target?: Float32Array): Float32Array | Promise<Float32Array>;
  /** Free the models and buffers; the policy cannot act afterwards. Safe to call twice. */
  dispose(): Promise<void>;
}
