import type { Rng } from '../math/rng.js';
import type { Scene } from '../sim/scene.js';
import type { ObservationDict, StepInfo } from './env.js';

/**
 * A table-top task, in ManiSkill's order: build the scene once, initialize each episode from the
 * episode's generator, evaluate predicates, observe task extras, and reward.
 */
export interface Task {
  /** Versioned id, e.g. "PickCube-v1". */
  readonly id: string;
  /** Episode length, control steps. */
  readonly maxEpisodeSteps: number;
  /** Largest dense reward, for the normalized mode. */
  readonly maxDenseReward: number;
  /** Add the task's objects to a fresh scene (once). */
  loadScene(scene: Scene): void;
  /** Randomize robot, objects and goal for a new episode. */
  initializeEpisode(scene: Scene, rng: Rng, options: Record<string, unknown>): void;
  /** Success and the predicates the reward is built from. */
  evaluate(scene: Scene): StepInfo;
  /** Task observations (after the robot's qpos and qvel unless observesJoints is false), in a fixed key order. */
  observeExtra(scene: Scene, info: StepInfo, target: ObservationDict): void;
  /** Dense reward from the state, evaluate()'s info and the action just taken (as given, normalized). */
  denseReward(scene: Scene, info: StepInfo, action: ArrayLike<number>): number;
  /** Task state not held by the physics world (goal positions), JSON-serializable. */
  getState(): unknown;
  /** Restore getState()'s value. */
  setState(state: unknown): void;
  /** Sizes of the extra observation keys, in order. */
  readonly extraFields: readonly { key: string; size: number }[];
  /**
   * Whether the observation starts with the robot's qpos and qvel (ManiSkill's state, the
   * default) or is the task's fields alone (Meta-World's 39-d vector).
   */
  readonly observesJoints?: boolean;
  /** Whether success ends the episode (ManiSkill, the default) or it runs to the time limit (Meta-World). */
  readonly terminatesOnSuccess?: boolean;
}
