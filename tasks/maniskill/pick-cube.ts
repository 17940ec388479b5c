/**
 * PickCube-v1 (ManiSkill): pick up a red cube and move it to a goal position.
 *
 * Randomizations: cube xy uniform in [-0.1, 0.1]^2 on the table with a uniform random yaw; goal xy
 * uniform in [-0.1, 0.1]^2 and z uniform in 0.02 + [0, 0.3]; arm at rest plus N(0, 0.02) joint noise.
 * Success: the cube's centre is within 0.025 m of the goal and the robot is static (every arm
 * joint slower than 0.2 rad/s). 50 control steps an episode.
 */
import { fromAxisAngle, rotate } from '../../math/quat.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import { goalState, restoreGoal } from './goal-state.js';
import { initializeTableTopRobot } from './table-top.js';

const CUBE_HALF_SIZE = 0.02;
const GOAL_THRESHOLD = 0.025;
const SPAWN_HALF_RANGE = 0.1;
const GOAL_MAX_HEIGHT = 0.3;
const GRASP_MIN_FORCE = 0.5;
const GRASP_MAX_ANGLE = (85 * Math.PI) / 180;
const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };

/** ManiSkill's PickCube-v1 on the table-top scene. */
export class PickCube implements Task {
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
  private fingerColliders: number[][] = [];
  private cubeCollider = -1;

  loadScene(scene: Scene): void {
    const h = CUBE_HALF_SIZE;
    scene.addBox('cube', { halfExtents: { x: h, y: h, z: h }, pose: { p: { x: 0, y: 0, z: h }, q: { w: 1, x: 0, y: 0, z: 0 } }, friction: 1 });
    this.fingerColliders = scene.arm.fingerColliders();
    this.cubeCollider = scene.collider('cube').handle;
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const r = SPAWN_HALF_RANGE;
    const x = rng.uniform(-r, r);
    const y = rng.uniform(-r, r);
    const yaw = rng.uniform(0, 2 * Math.PI);
    scene.placeObject('cube', { p: { x, y, z: CUBE_HALF_SIZE }, q: fromAxisAngle(Z_AXIS, yaw) });
    this.goal.x = rng.uniform(-r, r);
    this.goal.y = rng.uniform(-r, r);
    this.goal.z = rng.uniform(0, GOAL_MAX_HEIGHT) + CUBE_HALF_SIZE;
  }

  evaluate(scene: Scene): StepInfo {
    const cube = scene.body('cube').translation();
    const objToGoal = Math.hypot(this.goal.x - cube.x, this.goal.y - cube.y, this.goal.z - cube.z);
    const isObjPlaced = objToGoal <= GOAL_THRESHOLD;
    const isGrasped = this.isGrasping(scene);
    let maxQvel = 0;
    for (const v of scene.arm.qvel) maxQvel = Math.max(maxQvel, Math.abs(v));
    const isRobotStatic = maxQvel <= scene.robot.description.staticThreshold;
    return { success: isObjPlaced && isRobotStatic, is_obj_placed: isObjPlaced, is_robot_static: isRobotStatic, is_grasped: isGrasped };
  }

  observeExtra(scene: Scene, info: StepInfo, out: ObservationDict): void {
    const tcp = scene.arm.tcpWorld();
    const body = scene.body('cube');
    const c = body.translation();
    const cq = body.rotation();
    const g = this.goal;
    out['is_grasped'] = Float32Array.of(info['is_grasped'] ? 1 : 0);
    out['tcp_pose'] = Float32Array.of(tcp.p.x, tcp.p.y, tcp.p.z, tcp.q.w, tcp.q.x, tcp.q.y, tcp.q.z);
    out['goal_pos'] = Float32Array.of(g.x, g.y, g.z);
    out['obj_pose'] = Float32Array.of(c.x, c.y, c.z, cq.w, cq.x, cq.y, cq.z);
    out['tcp_to_obj_pos'] = Float32Array.of(c.x - tcp.p.x, c.y - tcp.p.y, c.z - tcp.p.z);
    out['obj_to_goal_pos'] = Float32Array.of(g.x - c.x, g.y - c.y, g.z - c.z);
  }

  denseReward(scene: Scene, info: StepInfo): number {
    if (info.success) return this.maxDenseReward;
    const tcp = scene.arm.tcpWorld().p;
    const c = scene.body('cube').translation();
    const reaching = 1 - Math.tanh(5 * Math.hypot(c.x - tcp.x, c.y - tcp.y, c.z - tcp.z));
    const grasped = info['is_grasped'] ? 1 : 0;
    const place = 1 - Math.tanh(5 * Math.hypot(this.goal.x - c.x, this.goal.y - c.y, this.goal.z - c.z));
    let qvelNorm = 0;
    for (const v of scene.arm.qvel) qvelNorm += v * v;
    const stat = 1 - Math.tanh(5 * Math.sqrt(qvelNorm));
    return reaching + grasped + place * grasped + stat * (info['is_obj_placed'] ? 1 : 0);
  }

  getState(): unknown {
    return goalState(this.goal);
  }

  setState(state: unknown): void {
    restoreGoal(this.goal, state);
  }

  // Both fingers push on the cube with at least 0.5 N, along their closing axis to within 85 deg.
  private isGrasping(scene: Scene): boolean {
    const axis = rotate(scene.arm.tcpWorld().q, { x: 0, y: 1, z: 0 });
    const minCos = Math.cos(GRASP_MAX_ANGLE);
    return this.fingerColliders.every((colliders) => {
      let force = 0;
      for (const c of colliders) force += scene.contactForce(c, this.cubeCollider, axis, minCos);
      return force >= GRASP_MIN_FORCE;
    });
  }
}
