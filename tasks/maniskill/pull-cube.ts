/**
 * PullCube-v1 (ManiSkill): pull a cube along -x, toward the robot, into a goal disc on the table.
 *
 * Randomizations: cube xy uniform in [-0.1, 0.1]^2, flat, axis-aligned; the goal disc (radius
 * 0.1) centred at the cube's xy - (0.2, 0) on the table; arm at rest plus N(0, 0.02) joint noise.
 * Success: the cube's centre is within 0.1 m of the goal's centre in xy (ManiSkill checks no
 * height here, unlike PushCube-v1). 50 control steps an episode.
 *
 * Differs from ManiSkill: the cube's friction is 1 (ManiSkill's scene default is 0.3 static and
 * dynamic), as in this repository's PushCube-v1 and PickCube-v1, whose contacts were tuned with it.
 */
import type { Rng } from '../../math/rng.js';
import { type Pose, pose } from '../../math/pose.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writePose, writeVec3 } from '../write-floats.js';
import { goalState, restoreGoal } from './goal-state.js';
import { initializeTableTopRobot } from './table-top.js';

const CUBE_HALF_SIZE = 0.02;
const GOAL_RADIUS = 0.1;
const SPAWN_HALF_RANGE = 0.1;
// The goal disc's centre lies this far behind the cube (toward the robot), just above the table.
const GOAL_BEHIND = 0.1 + GOAL_RADIUS;
const GOAL_HEIGHT = 1e-3;
// Where pulling starts: the closed fingers 10 mm beyond the cube's +x face (ManiSkill's
// half size + 2 x 0.005), so the reward leads the hand round the cube rather than onto it.
const PULL_OFFSET = CUBE_HALF_SIZE + 2 * 0.005;
const REACHED = 0.01;

/** PullCube-v1's info: ManiSkill's evaluate() returns success alone. */
export interface PullCubeInfo extends StepInfo {
  success: boolean;
}

/** ManiSkill's PullCube-v1 on the table-top scene. */
export class PullCube implements Task<PullCubeInfo> {
  readonly id = 'PullCube-v1';
  readonly maxEpisodeSteps = 50;
  readonly maxDenseReward = 3;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'goal_pos', size: 3 },
    { key: 'obj_pose', size: 7 },
  ] as const;

  /** Centre of the goal disc, world frame. */
  readonly goal: Vec3 = vec3();
  private readonly cube: Pose = pose();

  loadScene(scene: Scene): void {
    const h = CUBE_HALF_SIZE;
    scene.addBox('cube', { halfExtents: { x: h, y: h, z: h }, pose: { p: { x: 0, y: 0, z: h }, q: { w: 1, x: 0, y: 0, z: 0 } }, friction: 1 });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const r = SPAWN_HALF_RANGE;
    const x = rng.uniform(-r, r);
    const y = rng.uniform(-r, r);
    scene.placeObject('cube', { p: { x, y, z: CUBE_HALF_SIZE }, q: { w: 1, x: 0, y: 0, z: 0 } });
    this.goal.x = x - GOAL_BEHIND;
    this.goal.y = y;
    this.goal.z = GOAL_HEIGHT;
  }

  beginEpisode(): void {}

  evaluate(world: TaskWorld): PullCubeInfo {
    const c = world.objectPose('cube', this.cube).p;
    return { success: Math.hypot(this.goal.x - c.x, this.goal.y - c.y) < GOAL_RADIUS };
  }

  observe(world: TaskWorld, _info: PullCubeInfo, out: ObservationDict): void {
    writePose(out['tcp_pose']!, world.tcp);
    writeVec3(out['goal_pos']!, this.goal);
    writePose(out['obj_pose']!, world.objectPose('cube', this.cube));
  }

  // ManiSkill's staging: reach the pull pose; only once there does closing on the goal pay.
  denseReward(world: TaskWorld, info: PullCubeInfo): number {
    if (info.success) return this.maxDenseReward;
    const tcp = world.tcp.p;
    const c = world.objectPose('cube', this.cube).p;
    const toPull = Math.hypot(c.x + PULL_OFFSET - tcp.x, c.y - tcp.y, c.z - tcp.z);
    const reaching = 1 - Math.tanh(5 * toPull);
    const place = 1 - Math.tanh(5 * Math.hypot(this.goal.x - c.x, this.goal.y - c.y));
    return reaching + (toPull < REACHED ? place : 0);
  }

  getState(): unknown {
    return goalState(this.goal);
  }

  setState(state: unknown): void {
    restoreGoal(this.goal, state);
  }
}
