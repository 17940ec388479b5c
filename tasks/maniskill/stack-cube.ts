/**
 * StackCube-v1 (ManiSkill): pick up a red cube (cubeA) and stack it on a green one (cubeB), then
 * let go.
 *
 * Randomizations: a common offset uniform in [-0.1, 0.1]^2; each cube's xy is that offset plus a
 * point uniform in [-0.1, 0.1] x [-0.2, 0.2], cubeB's redrawn (up to 100 times) until the cubes'
 * bounding circles (radius sqrt(2) * 0.02 + 0.001 each) are apart; both flat on the table with a
 * uniform random yaw each; arm at rest plus N(0, 0.02) joint noise.
 * Success: cubeA is on cubeB (centres within sqrt(2) * 0.02 + 0.005 m in xy and 0.04 +- 0.005 m
 * apart in z), cubeA is static (under 0.01 m/s and 0.5 rad/s) and not grasped. 50 control steps
 * an episode.
 *
 * What differs from ManiSkill: the cubes' friction is 1 as in PickCube-v1 here (ManiSkill's
 * default material is 0.3): the sim's grasps are tuned on it, and a placed cube resting on
 * another is judged the same either way. `goal` (not an object in ManiSkill) is the spot the
 * reward pulls cubeA to, cubeB's centre plus one cube height, kept current by evaluate() so a
 * viewer can draw it.
 */
import { type Pose, pose } from '../../math/pose.js';
import { fromAxisAngle } from '../../math/quat.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writeDifference, writePose } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';
import { isObjectStatic, stillnessReward } from './at-rest.js';
import { UniformPlacementSampler } from './placement-sampler.js';

const CUBE_HALF_SIZE = 0.02;
const OFFSET_HALF_RANGE = 0.1;
const REGION_HALF_X = 0.1;
const REGION_HALF_Y = 0.2;
// The placement sampler's clearance: each cube's footprint circle plus 1 mm.
const PLACEMENT_RADIUS = Math.SQRT2 * CUBE_HALF_SIZE + 0.001;
const PLACEMENT_TRIALS = 100;
const XY_THRESHOLD = Math.SQRT2 * CUBE_HALF_SIZE + 0.005;
const Z_THRESHOLD = 0.005;
// The Panda's fully open gripper: both fingers at their 0.04 m limit.
const GRIPPER_WIDTH = 0.08;
const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };

/** StackCube-v1's info: success and the predicates its reward uses. */
export interface StackCubeInfo extends StepInfo {
  is_cubeA_grasped: boolean;
  is_cubeA_on_cubeB: boolean;
  is_cubeA_static: boolean;
}

/** ManiSkill's StackCube-v1 on the table-top scene. */
export class StackCube implements Task<StackCubeInfo> {
  readonly id = 'StackCube-v1';
  readonly maxEpisodeSteps = 50;
  readonly maxDenseReward = 8;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'cubeA_pose', size: 7 },
    { key: 'cubeB_pose', size: 7 },
    { key: 'tcp_to_cubeA_pos', size: 3 },
    { key: 'tcp_to_cubeB_pos', size: 3 },
    { key: 'cubeA_to_cubeB_pos', size: 3 },
  ] as const;

  /** Where the reward wants cubeA's centre: on top of cubeB (world frame). */
  readonly goal: Vec3 = vec3();
  private readonly cubeA: Pose = pose();
  private readonly cubeB: Pose = pose();
  private readonly linear: Vec3 = vec3();
  private readonly angular: Vec3 = vec3();
  private readonly placement = new UniformPlacementSampler(2, REGION_HALF_X, REGION_HALF_Y, PLACEMENT_RADIUS, PLACEMENT_TRIALS);

  loadScene(scene: Scene): void {
    const h = CUBE_HALF_SIZE;
    const halfExtents = { x: h, y: h, z: h };
    scene.addBox('cubeA', { halfExtents, pose: { p: { x: 0, y: 0, z: 0.1 }, q: { w: 1, x: 0, y: 0, z: 0 } }, friction: 1 });
    scene.addBox('cubeB', { halfExtents, pose: { p: { x: 1, y: 0, z: 0.1 }, q: { w: 1, x: 0, y: 0, z: 0 } }, friction: 1 });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const ox = rng.uniform(-OFFSET_HALF_RANGE, OFFSET_HALF_RANGE);
    const oy = rng.uniform(-OFFSET_HALF_RANGE, OFFSET_HALF_RANGE);
    this.placement.sample(rng);
    const { xs, ys } = this.placement;
    const yawA = rng.uniform(0, 2 * Math.PI);
    const yawB = rng.uniform(0, 2 * Math.PI);
    scene.placeObject('cubeA', { p: { x: ox + xs[0]!, y: oy + ys[0]!, z: CUBE_HALF_SIZE }, q: fromAxisAngle(Z_AXIS, yawA) });
    scene.placeObject('cubeB', { p: { x: ox + xs[1]!, y: oy + ys[1]!, z: CUBE_HALF_SIZE }, q: fromAxisAngle(Z_AXIS, yawB) });
    this.goal.x = ox + xs[1]!;
    this.goal.y = oy + ys[1]!;
    this.goal.z = 3 * CUBE_HALF_SIZE;
  }

  evaluate(world: TaskWorld): StackCubeInfo {
    const a = world.objectPose('cubeA', this.cubeA).p;
    const b = world.objectPose('cubeB', this.cubeB).p;
    this.goal.x = b.x;
    this.goal.y = b.y;
    this.goal.z = b.z + 2 * CUBE_HALF_SIZE;
    const xyFlag = Math.hypot(a.x - b.x, a.y - b.y) <= XY_THRESHOLD;
    const zFlag = Math.abs(a.z - b.z - 2 * CUBE_HALF_SIZE) <= Z_THRESHOLD;
    const isStatic = isObjectStatic(world, 'cubeA', this.linear, this.angular);
    const isGrasped = world.isGrasping('cubeA');
    const onB = xyFlag && zFlag;
    return { success: onB && isStatic && !isGrasped, is_cubeA_grasped: isGrasped, is_cubeA_on_cubeB: onB, is_cubeA_static: isStatic };
  }

  observe(world: TaskWorld, _info: StackCubeInfo, out: ObservationDict): void {
    const tcp = world.tcp;
    const a = world.objectPose('cubeA', this.cubeA);
    const b = world.objectPose('cubeB', this.cubeB);
    writePose(out['tcp_pose']!, tcp);
    writePose(out['cubeA_pose']!, a);
    writePose(out['cubeB_pose']!, b);
    writeDifference(out['tcp_to_cubeA_pos']!, tcp.p, a.p);
    writeDifference(out['tcp_to_cubeB_pos']!, tcp.p, b.p);
    writeDifference(out['cubeA_to_cubeB_pos']!, a.p, b.p);
  }

  // ManiSkill's stages, each overriding the last: reach cubeA (0-2), hold it and bring it over
  // cubeB (4-5), on cubeB: open the hand and let it settle (6-7), success (8).
  denseReward(world: TaskWorld, info: StackCubeInfo): number {
    if (info.success) return this.maxDenseReward;
    const a = world.objectPose('cubeA', this.cubeA).p;
    if (info.is_cubeA_on_cubeB) {
      const ungrasp = info.is_cubeA_grasped ? (world.fingerQ[0]! + world.fingerQ[1]!) / GRIPPER_WIDTH : 1;
      return 6 + (ungrasp + stillnessReward(world, 'cubeA', this.linear, this.angular)) / 2;
    }
    if (info.is_cubeA_grasped) {
      const g = this.goal;
      return 4 + 1 - Math.tanh(5 * Math.hypot(g.x - a.x, g.y - a.y, g.z - a.z));
    }
    const tcp = world.tcp.p;
    return 2 * (1 - Math.tanh(5 * Math.hypot(a.x - tcp.x, a.y - tcp.y, a.z - tcp.z)));
  }
}
