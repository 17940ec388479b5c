/**
 * PickCube-v1 (ManiSkill): pick up a red cube and move it to a goal position.
 *
 * Randomizations: cube xy uniform in [-0.1, 0.1]^2 on the table with a uniform random yaw; goal xy
 * uniform in [-0.1, 0.1]^2 and z uniform in 0.02 + [0, 0.3]; arm at rest plus N(0, 0.02) joint noise.
 * Success: the cube's centre is within 0.025 m of the goal and the robot is static (every arm
 * joint slower than 0.2 rad/s). 50 control steps an episode.
 */
import { type Pose, pose } from '../../math/pose.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writeDifference, writePose, writeVec3 } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';
import { isRobotStatic } from './at-rest.js';
import { CUBE_HALF_SIZE, SPAWN_HALF_RANGE, addTableCube, placeTableCube } from './table-cube.js';

const GOAL_THRESHOLD = 0.025;
const GOAL_MAX_HEIGHT = 0.3;

/** PickCube-v1's info: success and the predicates its reward uses. */
export interface PickCubeInfo extends StepInfo {
  is_obj_placed: boolean;
  is_robot_static: boolean;
  is_grasped: boolean;
}

/** ManiSkill's PickCube-v1 on the table-top scene. */
export class PickCube implements Task<PickCubeInfo> {
  readonly id = 'PickCube-v1';
  readonly maxEpisodeSteps = 50;
  readonly maxDenseReward = 5;
  readonly extraFields = [
    { key: 'is_grasped', size: 1 },
    { key: 'tcp_pose', size: 7 },
    { key: 'goal_pos', size: 3 },
    { key: 'obj_pose', size: 7 },
    { key: 'tcp_to_obj_pos', size: 3 },
    { key: 'obj_to_goal_pos', size: 3 },
  ] as const;

  /** Goal position of the cube's centre, world frame. */
  readonly goal: Vec3 = vec3();
  private readonly cube: Pose = pose();
  private readonly spawn: Vec3 = vec3();

  loadScene(scene: Scene): void {
    addTableCube(scene);
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    placeTableCube(scene, rng, true, this.spawn);
    const r = SPAWN_HALF_RANGE;
    this.goal.x = rng.uniform(-r, r);
    this.goal.y = rng.uniform(-r, r);
    this.goal.z = rng.uniform(0, GOAL_MAX_HEIGHT) + CUBE_HALF_SIZE;
  }

  evaluate(world: TaskWorld): PickCubeInfo {
    const c = world.objectPose('cube', this.cube).p;
    const objToGoal = Math.hypot(this.goal.x - c.x, this.goal.y - c.y, this.goal.z - c.z);
    const isObjPlaced = objToGoal <= GOAL_THRESHOLD;
    const isGrasped = world.isGrasping('cube');
    const robotStatic = isRobotStatic(world);
    return { success: isObjPlaced && robotStatic, is_obj_placed: isObjPlaced, is_robot_static: robotStatic, is_grasped: isGrasped };
  }

  observe(world: TaskWorld, info: PickCubeInfo, out: ObservationDict): void {
    const tcp = world.tcp;
    const cube = world.objectPose('cube', this.cube);
    out['is_grasped']![0] = info.is_grasped ? 1 : 0;
    writePose(out['tcp_pose']!, tcp);
    writeVec3(out['goal_pos']!, this.goal);
    writePose(out['obj_pose']!, cube);
    writeDifference(out['tcp_to_obj_pos']!, tcp.p, cube.p);
    writeDifference(out['obj_to_goal_pos']!, cube.p, this.goal);
  }

  denseReward(world: TaskWorld, info: PickCubeInfo): number {
    if (info.success) return this.maxDenseReward;
    const tcp = world.tcp.p;
    const c = world.objectPose('cube', this.cube).p;
    const reaching = 1 - Math.tanh(5 * Math.hypot(c.x - tcp.x, c.y - tcp.y, c.z - tcp.z));
    const grasped = info.is_grasped ? 1 : 0;
    const place = 1 - Math.tanh(5 * Math.hypot(this.goal.x - c.x, this.goal.y - c.y, this.goal.z - c.z));
    let qvelNorm = 0;
    for (const v of world.armQd) qvelNorm += v * v;
    const stat = 1 - Math.tanh(5 * Math.sqrt(qvelNorm));
    return reaching + grasped + place * grasped + stat * (info.is_obj_placed ? 1 : 0);
  }
}
