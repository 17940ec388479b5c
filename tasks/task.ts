import type { Rng } from '../math/rng.js';
import type { Vec3 } from '../math/vec3.js';
import type { Scene } from '../sim/scene.js';
import type { ObservationDict, StepInfo } from './env.js';
import type { TaskWorld } from './task-world.js';

/** A named slice of a task's observation. */
export interface ObservationField {
  readonly key: string;
  readonly size: number;
}

/**
 * A table-top task, in ManiSkill's order: build the scene once and initialize each episode from
 * the episode's generator (simulation only); then observe, evaluate and reward from a TaskWorld,
 * which a simulated env reads off its scene and a robot env off the driver and its perception,
 * so the task's own definitions drive both. `I` is the task's typed info.
 */
export interface Task<I extends StepInfo = StepInfo> {
  /** Versioned id, e.g. "PickCube-v1". */
  readonly id: string;
  /** Episode length, control steps. */
  readonly maxEpisodeSteps: number;
  /** Largest dense reward, for the normalized mode. */
  readonly maxDenseReward: number;
  /** The goal position, world frame (drawn at each reset in the sim; perceived on a real arm). */
  readonly goal: Vec3;
  /** Add the task's objects to a fresh scene (once). */
  loadScene(scene: Scene): void;
  /** Randomize robot, objects and goal for a new episode. */
  initializeEpisode(scene: Scene, rng: Rng, options: Record<string, unknown>): void;
  /**
   * Start an episode on a world the task did not place (a real arm): take the initial poses the
   * reward refers to. Absent where the reward refers to none.
   */
  beginEpisode?(world: TaskWorld): void;
  /** Success and the predicates the reward is built from. */
  evaluate(world: TaskWorld): I;
  /**
   * Task observations (after the robot's qpos and qvel unless observesJoints is false), written
   * into `out`'s arrays (one per extraFields key, made by the env): nothing is allocated.
   */
  observe(world: TaskWorld, info: I, out: ObservationDict): void;
  /** Dense reward from the world, evaluate()'s info and the action just applied (normalized). */
  denseReward(world: TaskWorld, info: I, action: ArrayLike<number>): number;
  /** Task state not held by the physics world, JSON-serializable; absent, the state is the goal alone (goalState). */
  getState?(): unknown;
  /** Restore getState()'s value. */
  setState?(state: unknown): void;
  /** Sizes of the extra observation keys, in order. */
  readonly extraFields: readonly ObservationField[];
  /**
   * Whether the observation starts with the robot's qpos and qvel (ManiSkill's state, the
   * default) or is the task's fields alone (Meta-World's 39-d vector).
   */
  readonly observesJoints?: boolean;
  /**
   * Meta-World's benchmark mode (MT10, MT50): draw `count` reset variations (its rand_vecs) from
   * `rng` once; every episode then samples one of them instead of drawing afresh. Absent on
   * tasks whose suite has no such mode.
   */
  fixVariations?(count: number, rng: Rng): void;
  /** Whether success ends the episode (ManiSkill, the default) or it runs to the time limit (Meta-World). */
  readonly terminatesOnSuccess?: boolean;
}
