/**
 * PokeCube-v1 (ManiSkill): grasp a peg and push a cube with the peg's head into a goal disc.
 *
 * Randomizations: peg (a 0.24 x 0.05 x 0.05 m box, long axis along x) with xy uniform in
 * [-0.1, 0.1]^2, flat on the table, unturned; cube y uniform in [-0.1, 0.1], x the peg's x + 0.22,
 * yaw uniform in [-pi/6, pi/6]; goal disc (radius 0.05) centred at the cube's xy + (0.1, 0) on
 * the table; arm at rest plus N(0, 0.02) joint noise.
 * Success: the cube's centre within 0.05 m of the goal in xy, the peg's head within 0.025 m of
 * the cube's centre in xy and the peg's and the cube's XYZ-Euler z angles within 0.05 rad, and
 * the peg's centre within 5 mm of its resting height. 50 control steps an episode.
 *
 * ManiSkill's quirks, kept so that a policy trained there reads the same numbers: the peg's head
 * is the peg's centre + 0.12 m along world x (not along the peg's own axis), and the observation
 * key goal_pos holds the peg's position (the goal is in cube_to_goal_pos).
 * Cube and peg take ManiSkill's default friction, 0.3, and its density, 1000 (a 0.6 kg peg).
 */
import { type Pose, pose } from '../../math/pose.js';
import { fromAxisAngle } from '../../math/quat.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writeDifference, writePose, writeVec3 } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';

const CUBE_HALF_SIZE = 0.02;
const PEG_HALF_LENGTH = 0.12;
const PEG_HALF_WIDTH = 0.025;
const GOAL_RADIUS = 0.05;
const SPAWN_HALF_RANGE = 0.1;
// The cube starts 0.1 m beyond the peg's head; the goal 0.05 m + its radius beyond the cube.
const CUBE_AHEAD = PEG_HALF_LENGTH + 0.1;
const GOAL_AHEAD = 0.05 + GOAL_RADIUS;
const CUBE_MAX_YAW = Math.PI / 6;
const GOAL_HEIGHT = 1e-3;
const ALIGN_THRESHOLD = 0.05;
const HEAD_THRESHOLD = CUBE_HALF_SIZE + 0.005;
const TABLE_THRESHOLD = 0.005;
const REACHED = 0.01;
const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };
const FRICTION = 0.3;
const PEG_DENSITY = 1000;

/** PokeCube-v1's info: success and the predicates its reward uses. */
export interface PokeCubeInfo extends StepInfo {
  is_peg_cube_fit: boolean;
  is_peg_grasped: boolean;
  /** |z angle of the peg - z angle of the cube| (XYZ Euler), rad. */
  angle_diff: number;
  /** Distance in xy from the peg's head to the cube's centre, m. */
  head_to_cube_dist: number;
}

/** The z angle of a wxyz quaternion's XYZ (intrinsic x, then y, then z) Euler angles. */
export function eulerXyzZ(q: Pose['q']): number {
  return Math.atan2(2 * (q.w * q.z - q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
}

/** ManiSkill's PokeCube-v1 on the table-top scene. */
export class PokeCube implements Task<PokeCubeInfo> {
  readonly id = 'PokeCube-v1';
  readonly maxEpisodeSteps = 50;
  readonly maxDenseReward = 9;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'cube_pose', size: 7 },
    { key: 'peg_pose', size: 7 },
    { key: 'goal_pos', size: 3 },
    { key: 'tcp_to_peg_pos', size: 3 },
    { key: 'peg_to_cube_pos', size: 3 },
    { key: 'cube_to_goal_pos', size: 3 },
    { key: 'peghead_to_cube_pos', size: 3 },
  ] as const;

  /** Centre of the goal disc, world frame. */
  readonly goal: Vec3 = vec3();
  private readonly cube: Pose = pose();
  private readonly peg: Pose = pose();
  private readonly head: Vec3 = vec3();

  loadScene(scene: Scene): void {
    const h = CUBE_HALF_SIZE;
    const w = PEG_HALF_WIDTH;
    scene.addBox('cube', { halfExtents: { x: h, y: h, z: h }, pose: { p: { x: 0.3, y: 0, z: h }, q: { w: 1, x: 0, y: 0, z: 0 } }, friction: FRICTION });
    scene.addBox('peg', { halfExtents: { x: PEG_HALF_LENGTH, y: w, z: w }, pose: { p: { x: 0, y: 0, z: w }, q: { w: 1, x: 0, y: 0, z: 0 } }, friction: FRICTION, density: PEG_DENSITY });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const r = SPAWN_HALF_RANGE;
    const px = rng.uniform(-r, r);
    const py = rng.uniform(-r, r);
    scene.placeObject('peg', { p: { x: px, y: py, z: PEG_HALF_WIDTH }, q: { w: 1, x: 0, y: 0, z: 0 } });
    const cy = rng.uniform(-r, r);
    const yaw = rng.uniform(-CUBE_MAX_YAW, CUBE_MAX_YAW);
    const cx = px + CUBE_AHEAD;
    scene.placeObject('cube', { p: { x: cx, y: cy, z: CUBE_HALF_SIZE }, q: fromAxisAngle(Z_AXIS, yaw) });
    this.goal.x = cx + GOAL_AHEAD;
    this.goal.y = cy;
    this.goal.z = GOAL_HEIGHT;
  }

  evaluate(world: TaskWorld): PokeCubeInfo {
    const cube = world.objectPose('cube', this.cube);
    const peg = world.objectPose('peg', this.peg);
    const head = this.headOf(peg.p);
    const c = cube.p;
    const isCubePlaced = Math.hypot(c.x - this.goal.x, c.y - this.goal.y) < GOAL_RADIUS;
    const angleDiff = Math.abs(eulerXyzZ(peg.q) - eulerXyzZ(cube.q));
    const headToCube = Math.hypot(head.x - c.x, head.y - c.y);
    const fit = angleDiff < ALIGN_THRESHOLD && headToCube <= HEAD_THRESHOLD;
    const closeToTable = Math.abs(peg.p.z - PEG_HALF_WIDTH) < TABLE_THRESHOLD;
    return {
      success: isCubePlaced && fit && closeToTable,
      is_peg_cube_fit: fit,
      is_peg_grasped: world.isGrasping('peg'),
      angle_diff: angleDiff,
      head_to_cube_dist: headToCube,
    };
  }

  observe(world: TaskWorld, _info: PokeCubeInfo, out: ObservationDict): void {
    const tcp = world.tcp;
    const cube = world.objectPose('cube', this.cube);
    const peg = world.objectPose('peg', this.peg);
    writePose(out['tcp_pose']!, tcp);
    writePose(out['cube_pose']!, cube);
    writePose(out['peg_pose']!, peg);
    writeVec3(out['goal_pos']!, peg.p);
    writeDifference(out['tcp_to_peg_pos']!, tcp.p, peg.p);
    writeDifference(out['peg_to_cube_pos']!, peg.p, cube.p);
    writeDifference(out['cube_to_goal_pos']!, cube.p, this.goal);
    writeDifference(out['peghead_to_cube_pos']!, cube.p, this.headOf(peg.p));
  }

  // ManiSkill's stages: reach the peg (up to 2); holding it at the TCP, aim its head at the cube
  // (4 to 6); with the head fitted on the cube, move the cube to the goal (7 to 8); success 9.
  denseReward(world: TaskWorld, info: PokeCubeInfo): number {
    if (info.success) return this.maxDenseReward;
    const tcp = world.tcp.p;
    const peg = world.objectPose('peg', this.peg).p;
    const toPeg = Math.hypot(tcp.x - peg.x, tcp.y - peg.y, tcp.z - peg.z);
    const held = info.is_peg_grasped && toPeg < REACHED;
    if (!held) return 2 * (1 - Math.tanh(5 * toPeg));
    if (!info.is_peg_cube_fit) return 4 + (1 - Math.tanh(5 * info.head_to_cube_dist)) + (1 - Math.tanh(5 * info.angle_diff));
    const c = world.objectPose('cube', this.cube).p;
    return 7 + 1 - Math.tanh(5 * Math.hypot(this.goal.x - c.x, this.goal.y - c.y, this.goal.z - c.z));
  }

  private headOf(peg: Vec3): Vec3 {
    this.head.x = peg.x + PEG_HALF_LENGTH;
    this.head.y = peg.y;
    this.head.z = peg.z;
    return this.head;
  }
}
