import type { ControlMode } from '../robot/controllers/controller-config.js';
import type { BoxSpace } from './space.js';

/** Observation modes: one flat vector, or the same parts by name. */
export type ObsMode = 'state' | 'state_dict';
/** Reward modes, as ManiSkill names them. */
export type RewardMode = 'sparse' | 'dense' | 'normalized_dense';

/** Named observation parts, in a fixed key order (the order of the flat 'state' vector). */
export type ObservationDict = Record<string, Float32Array>;
/** An observation in either mode. */
export type Observation = Float32Array | ObservationDict;

/** Per-step diagnostics: `success` always, then the task's predicates and numbers. */
export interface StepInfo {
  success: boolean;
  [predicate: string]: boolean | number;
}

/** Options of reset(). */
export interface ResetArgs {
  /** Seed of the episode's generator; without one the generator continues its stream. */
  seed?: number;
  /** Task-specific options. */
  options?: Record<string, unknown>;
}

/** What reset() returns. */
export interface ResetResult<O = Observation> {
  obs: O;
  info: StepInfo;
}

/** What step() returns; `terminated` is the task's outcome, `truncated` the time limit. */
export interface StepResult<O = Observation> {
  obs: O;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: StepInfo;
}

/** How an env was made. */
export interface EnvSpec {
  id: string;
  controlMode: ControlMode;
  obsMode: ObsMode;
  rewardMode: RewardMode;
  maxEpisodeSteps: number;
  simHz: number;
  controlHz: number;
}

/** An opaque, structured-cloneable snapshot of an env (world, controller, task, generator, clock). */
export interface EnvState {
  [part: string]: unknown;
}

/** Gymnasium's environment interface, typed. */
export interface Env<O = Observation> extends Disposable {
  readonly spec: EnvSpec;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: BoxSpace;
  /** Start an episode. */
  reset(args?: ResetArgs): ResetResult<O>;
  /** Apply one action for one control period. */
  step(action: ArrayLike<number>): StepResult<O>;
  /** Snapshot everything that determines the future of the episode. */
  getState(): EnvState;
  /** Put back a snapshot from getState(); stepping the same actions then reproduces the run bitwise. */
  setState(state: EnvState): void;
  /** Free the simulation. */
  close(): void;
}
