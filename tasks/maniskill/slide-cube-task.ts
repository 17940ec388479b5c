import type { Rng } from '../../math/rng.js';
import { type Pose, pose } from '../../math/pose.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writePose, writeVec3 } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';
import { addTableCube, placeTableCube } from './table-cube.js';

/** Radius of the goal disc the cube is slid into, m. */
export const GOAL_DISC_RADIUS = 0.1;
const REACHED = 0.01;

/**
 * What PushCube-v1 and PullCube-v1 share: a flat, axis-aligned cube at a uniform xy in
 * [-0.1, 0.1]^2, a goal disc on the table the task places from the cube's xy, the same
 * observation, and ManiSkill's two-stage reward: reach the pose the slide starts from (at
 * `reachX` along x from the cube's centre); only once there does closing on the goal pay.
 * A task adds its goal's placement and its success rule.
 */
export abstract class SlideCubeTask implements Task {
  abstract readonly id: string;
  readonly maxEpisodeSteps = 50;
  readonly maxDenseReward = 3;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'goal_pos', size: 3 },
    { key: 'obj_pose', size: 7 },
  ] as const;

  /** Centre of the goal disc, world frame. */
  readonly goal: Vec3 = vec3();
  protected readonly cube: Pose = pose();
  private readonly spawn: Vec3 = vec3();
  /** Where the hand starts the slide, along x from the cube's centre (m). */
  protected abstract readonly reachX: number;

  loadScene(scene: Scene): void {
    addTableCube(scene);
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const c = placeTableCube(scene, rng, false, this.spawn);
    this.placeGoal(c.x, c.y);
  }

  evaluate(world: TaskWorld): StepInfo {
    return { success: this.isSuccess(world.objectPose('cube', this.cube).p) };
  }

  observe(world: TaskWorld, _info: StepInfo, out: ObservationDict): void {
    writePose(out['tcp_pose']!, world.tcp);
    writeVec3(out['goal_pos']!, this.goal);
    writePose(out['obj_pose']!, world.objectPose('cube', this.cube));
  }

  denseReward(world: TaskWorld, info: StepInfo): number {
    if (info.success) return this.maxDenseReward;
    const tcp = world.tcp.p;
    const c = world.objectPose('cube', this.cube).p;
    const toStart = Math.hypot(c.x + this.reachX - tcp.x, c.y - tcp.y, c.z - tcp.z);
    const reaching = 1 - Math.tanh(5 * toStart);
    const place = 1 - Math.tanh(5 * Math.hypot(this.goal.x - c.x, this.goal.y - c.y));
    return reaching + (toStart < REACHED ? place : 0);
  }

  /** Set `goal` for a cube placed at (x, y). */
  protected abstract placeGoal(x: number, y: number): void;

  /** Whether the cube, centre `c`, is where the task wants it. */
  protected abstract isSuccess(c: Vec3): boolean;

  /** Whether `c` lies within the goal disc in xy. */
  protected inGoalDisc(c: Vec3): boolean {
    return Math.hypot(this.goal.x - c.x, this.goal.y - c.y) < GOAL_DISC_RADIUS;
  }
}
