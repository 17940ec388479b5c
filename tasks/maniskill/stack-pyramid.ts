/**
 * StackPyramid-v1 (ManiSkill): put a red cube (cubeA) next to a green one (cubeB), then stack a
 * blue one (cubeC) on top of both.
 *
 * Randomizations: a common offset uniform in [-0.1, 0.1]^2; each cube's xy is that offset plus a
 * point uniform in [-0.1, 0.1] x [-0.2, 0.2], cubeB's and then cubeC's redrawn (up to 100 times)
 * until every pair of bounding circles (radius sqrt(2) * 0.02 + 0.001 each) is apart; all three
 * flat on the table with a uniform random yaw each; arm at rest plus N(0, 0.02) joint noise.
 * Success: cubeA is next to cubeB (centres within sqrt(2) * 0.04 + 0.005 m in xy); cubeC is on
 * cubeB and on cubeA (centres within that distance in xy and more than 0.02 m apart in z); cubeA
 * and cubeC are static (under 0.01 m/s and 0.5 rad/s) and neither is grasped. 250 control steps
 * an episode.
 *
 * What differs from ManiSkill: ManiSkill defines no dense reward for this task (reward modes none
 * and sparse only); armkit's envs default to normalized_dense, so the dense reward here is the
 * success flag (maximum 1), the sparse signal under another name. The cubes' friction is 1 as in
 * PickCube-v1 (ManiSkill's default material is 0.3). `goal` (no object in ManiSkill) is where
 * cubeC's centre would rest on the pair, kept current by evaluate() for viewers.
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
import { isObjectStatic } from './at-rest.js';
import { UniformPlacementSampler } from './placement-sampler.js';

const CUBE_HALF_SIZE = 0.02;
const OFFSET_HALF_RANGE = 0.1;
const REGION_HALF_X = 0.1;
const REGION_HALF_Y = 0.2;
// The placement sampler's clearance: each cube's footprint circle plus 1 mm.
const PLACEMENT_RADIUS = Math.SQRT2 * CUBE_HALF_SIZE + 0.001;
const PLACEMENT_TRIALS = 100;
// ManiSkill's pair test: within the diagonal of a whole cube plus 5 mm in xy.
const XY_THRESHOLD = Math.SQRT2 * 2 * CUBE_HALF_SIZE + 0.005;
const Z_THRESHOLD = 0.02;
const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };
const CUBES = ['cubeA', 'cubeB', 'cubeC'] as const;

/** ManiSkill's StackPyramid-v1 on the table-top scene. */
export class StackPyramid implements Task {
  readonly id = 'StackPyramid-v1';
  readonly maxEpisodeSteps = 250;
  readonly maxDenseReward = 1;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'cubeA_pose', size: 7 },
    { key: 'cubeB_pose', size: 7 },
    { key: 'cubeC_pose', size: 7 },
    { key: 'tcp_to_cubeA_pos', size: 3 },
    { key: 'tcp_to_cubeB_pos', size: 3 },
    { key: 'tcp_to_cubeC_pos', size: 3 },
    { key: 'cubeA_to_cubeB_pos', size: 3 },
    { key: 'cubeB_to_cubeC_pos', size: 3 },
    { key: 'cubeA_to_cubeC_pos', size: 3 },
  ] as const;

  /** Where cubeC's centre rests on cubeA and cubeB side by side (world frame). */
  readonly goal: Vec3 = vec3();
  private readonly poses: Pose[] = [pose(), pose(), pose()];
  private readonly placement = new UniformPlacementSampler(3, REGION_HALF_X, REGION_HALF_Y, PLACEMENT_RADIUS, PLACEMENT_TRIALS);
  private readonly linear: Vec3 = vec3();
  private readonly angular: Vec3 = vec3();

  loadScene(scene: Scene): void {
    const h = CUBE_HALF_SIZE;
    const halfExtents = { x: h, y: h, z: h };
    CUBES.forEach((name, i) => scene.addBox(name, { halfExtents, pose: { p: { x: i - 1, y: 0, z: 0.2 }, q: { w: 1, x: 0, y: 0, z: 0 } }, friction: 1 }));
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const ox = rng.uniform(-OFFSET_HALF_RANGE, OFFSET_HALF_RANGE);
    const oy = rng.uniform(-OFFSET_HALF_RANGE, OFFSET_HALF_RANGE);
    this.placement.sample(rng);
    const { xs, ys } = this.placement;
    for (let i = 0; i < 3; i++) {
      const yaw = rng.uniform(0, 2 * Math.PI);
      scene.placeObject(CUBES[i]!, { p: { x: ox + xs[i]!, y: oy + ys[i]!, z: CUBE_HALF_SIZE }, q: fromAxisAngle(Z_AXIS, yaw) });
    }
    this.goal.x = ox + (xs[0]! + xs[1]!) / 2;
    this.goal.y = oy + (ys[0]! + ys[1]!) / 2;
    this.goal.z = 3 * CUBE_HALF_SIZE;
  }

  evaluate(world: TaskWorld): StepInfo {
    const a = world.objectPose('cubeA', this.poses[0]!).p;
    const b = world.objectPose('cubeB', this.poses[1]!).p;
    const c = world.objectPose('cubeC', this.poses[2]!).p;
    this.goal.x = (a.x + b.x) / 2;
    this.goal.y = (a.y + b.y) / 2;
    this.goal.z = Math.max(a.z, b.z) + 2 * CUBE_HALF_SIZE;
    const aNextToB = Math.hypot(a.x - b.x, a.y - b.y) <= XY_THRESHOLD;
    const cOnB = Math.hypot(b.x - c.x, b.y - c.y) <= XY_THRESHOLD && Math.abs(b.z - c.z) > Z_THRESHOLD;
    const cOnA = Math.hypot(a.x - c.x, a.y - c.y) <= XY_THRESHOLD && Math.abs(a.z - c.z) > Z_THRESHOLD;
    const placed = aNextToB && cOnB && cOnA;
    return { success: placed && this.settled(world, 'cubeA') && this.settled(world, 'cubeC') };
  }

  observe(world: TaskWorld, _info: StepInfo, out: ObservationDict): void {
    const tcp = world.tcp;
    const a = world.objectPose('cubeA', this.poses[0]!);
    const b = world.objectPose('cubeB', this.poses[1]!);
    const c = world.objectPose('cubeC', this.poses[2]!);
    writePose(out['tcp_pose']!, tcp);
    writePose(out['cubeA_pose']!, a);
    writePose(out['cubeB_pose']!, b);
    writePose(out['cubeC_pose']!, c);
    writeDifference(out['tcp_to_cubeA_pos']!, tcp.p, a.p);
    writeDifference(out['tcp_to_cubeB_pos']!, tcp.p, b.p);
    writeDifference(out['tcp_to_cubeC_pos']!, tcp.p, c.p);
    writeDifference(out['cubeA_to_cubeB_pos']!, a.p, b.p);
    writeDifference(out['cubeB_to_cubeC_pos']!, b.p, c.p);
    writeDifference(out['cubeA_to_cubeC_pos']!, a.p, c.p);
  }

  denseReward(_world: TaskWorld, info: StepInfo): number {
    return info.success ? 1 : 0;
  }

  private settled(world: TaskWorld, name: string): boolean {
    return isObjectStatic(world, name, this.linear, this.angular) && !world.isGrasping(name);
  }
}
