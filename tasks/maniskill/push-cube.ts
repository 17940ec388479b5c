/**
 * PushCube-v1 (ManiSkill): push a cube along +x into a goal disc on the table.
 *
 * Randomizations: cube xy uniform in [-0.1, 0.1]^2, flat, axis-aligned; the goal disc (radius
 * 0.1) centred at the cube's xy + (0.2, 0) on the table; arm at rest plus N(0, 0.02) joint noise.
 * Success: the cube's centre is within 0.1 m of the goal's centre in xy and the cube is still on
 * the table (centre below 0.025 m). 50 control steps an episode.
 */
import type { Rng } from '../../math/rng.js';
import type { Vec3 } from '../../math/vec3.js';
import { vec3 } from '../../math/vec3.js';
import { type Pose, pose } from '../../math/pose.js';
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
const GOAL_HEIGHT = 1e-3;
const ON_TABLE_SLACK = 5e-3;
// Where pushing from behind starts: the TCP 5 mm behind the cube's -x face.
const PUSH_OFFSET = CUBE_HALF_SIZE + 0.005;
const REACHED = 0.01;

/** ManiSkill's PushCube-v1 on the table-top scene. */
export class PushCube implements Task {
  readonly id = 'PushCube-v1';
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
    this.goal.x = x + 0.1 + GOAL_RADIUS;
    this.goal.y = y;
    this.goal.z = GOAL_HEIGHT;
  }

  beginEpisode(): void {}

  evaluate(world: TaskWorld): StepInfo {
    const c = world.objectPose('cube', this.cube).p;
    const inDisc = Math.hypot(this.goal.x - c.x, this.goal.y - c.y) < GOAL_RADIUS;
    const onTable = c.z < CUBE_HALF_SIZE + ON_TABLE_SLACK;
    return { success: inDisc && onTable };
  }

  observe(world: TaskWorld, _info: StepInfo, out: ObservationDict): void {
    writePose(out['tcp_pose']!, world.tcp);
    writeVec3(out['goal_pos']!, this.goal);
    writePose(out['obj_pose']!, world.objectPose('cube', this.cube));
  }

  // ManiSkill's staging: reach the push pose; only once there does closing on the goal pay.
  denseReward(world: TaskWorld, info: StepInfo): number {
    if (info.success) return this.maxDenseReward;
    const tcp = world.tcp.p;
    const c = world.objectPose('cube', this.cube).p;
    const toPush = Math.hypot(c.x - PUSH_OFFSET - tcp.x, c.y - tcp.y, c.z - tcp.z);
    const reaching = 1 - Math.tanh(5 * toPush);
    const place = 1 - Math.tanh(5 * Math.hypot(this.goal.x - c.x, this.goal.y - c.y));
    return reaching + (toPush < REACHED ? place : 0);
  }

  getState(): unknown {
    return goalState(this.goal);
  }

  setState(state: unknown): void {
    restoreGoal(this.goal, state);
  }
}
