import type { ControlMode } from '../robot/controllers/controller-config.js';
import type { Vec3 } from '../math/vec3.js';
import type { Scene } from '../sim/scene.js';
import type { BoxSpace } from './space.js';

/** Observation modes: one flat vector, or the same parts by name. */
export type ObsMode = 'state' | 'state_dict';
/** Reward modes, as ManiSkill names them. */
export type RewardMode = 'sparse' | 'dense' | 'normalized_dense';

/** Named observation parts, in a fixed key order (the order of the flat 'state' vector). */
export type ObservationDict = Record<string, Float32Array>;
/** An observation in either mode. */
export type Observation = Float32Array | ObservationDict;

/** A value now, or later: a simulated env answers at once, a robot after its control period. */
export type Awaitable<T> = T | Promise<T>;

/**
 * What every env reports each step: the task's success and the predicates it defines (typed per
 * task), the step count from the time limit, and, from a robot env, what the safety layer did.
 */
export interface StepInfo {
  success: boolean;
  /** Control steps so far (TimeLimit). */
  elapsed_steps?: number;
  /** The action actually applied, when it can differ from the one given (robot envs: after safety clipping). */
  applied_action?: Float32Array;
  /** Robot envs: whether the command went out as asked, clipped, or was held. */
  command?: 'sent' | 'clipped' | 'held';
}

/** Options of reset(). */
export interface ResetArgs {
  /** Seed of the episode's generator; without one the generator continues its stream. */
  seed?: number;
  /** Task-specific options (a robot env passes `attempt` to its reset). */
  options?: Record<string, unknown>;
}

/** What reset() returns. */
export interface ResetResult<O = Observation, I extends StepInfo = StepInfo> {
  obs: O;
  info: I;
}

/**
 * What step() returns; `terminated` is the task's outcome, `truncated` the time limit. `obs` may
 * be a buffer the env rewrites at its next step: copy what must outlive it.
 */
export interface StepResult<O = Observation, I extends StepInfo = StepInfo> {
  obs: O;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: I;
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

/** Snapshot and restore: what a simulated env can do and a real arm cannot. */
export interface EnvSnapshots {
  /** Snapshot everything that determines the future of the episode. */
  getState(): EnvState;
  /** Put back a snapshot from getState(); stepping the same actions then reproduces the run bitwise. */
  setState(state: EnvState): void;
}

/** The physics behind a simulated env: the scene (viewers) and its flat state (recordings). */
export interface EnvPhysics {
  readonly scene: Scene;
  /** The task's goal position, world frame (viewers draw it). */
  readonly goal: Readonly<Vec3>;
  /** The physical state as one float64 vector, robomimic's `states`. */
  flatState(): Float64Array;
}

/**
 * Gymnasium's environment interface, typed: a simulated task or a real arm. Optional
 * capabilities are typed fields, null where the env has none.
 */
export interface Env<O = Observation, I extends StepInfo = StepInfo> extends Disposable {
  readonly spec: EnvSpec;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: BoxSpace;
  /** Snapshots (simulated envs), or null. */
  readonly snapshots: EnvSnapshots | null;
  /** The physics (simulated envs), or null. */
  readonly physics: EnvPhysics | null;
  /** Start an episode. */
  reset(args?: ResetArgs): Awaitable<ResetResult<O, I>>;
  /** Apply one action for one control period. */
  step(action: ArrayLike<number>): Awaitable<StepResult<O, I>>;
  /** Free what the env holds. */
  close(): void;
}

/** An env that answers at once and can snapshot: every simulated env. */
export interface SyncEnv<O = Observation, I extends StepInfo = StepInfo> extends Env<O, I> {
  readonly snapshots: EnvSnapshots;
  readonly physics: EnvPhysics;
  reset(args?: ResetArgs): ResetResult<O, I>;
  step(action: ArrayLike<number>): StepResult<O, I>;
}

/** Apply `f` to a value now or when it arrives, keeping a synchronous value synchronous. */
export function thenMap<T, U>(value: Awaitable<T>, f: (v: T) => U): Awaitable<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}
