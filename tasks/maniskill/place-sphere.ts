/**
 * PlaceSphere-v1 (ManiSkill): pick up a small sphere and place it into a shallow bin.
 *
 * The bin is fixed (ManiSkill builds it kinematic): a 5 x 5 cm floor plate 5 mm thick and four
 * walls 1 cm high and 5 mm thick around a 4 x 4 cm inside, the sphere's diameter.
 * Randomizations: sphere (radius 0.02) x uniform in [-0.1, -0.05], y in [-0.1, 0.1], on the table;
 * bin x uniform in [0, 0.1], y in [-0.1, 0.1], its floor's centre 2.5 mm up (on the table); arm
 * at rest plus N(0, 0.02) joint noise.
 * Success: the sphere's centre within 5 mm of the bin's in xy and within 5 mm of resting on the
 * floor (0.0225 above the bin's centre), the sphere static (speed <= 0.01 m/s, spin <= 0.5 rad/s)
 * and not grasped. 50 control steps an episode.
 *
 * Differs from ManiSkill: friction 1 on the sphere and the bin, as the other armkit table-top
 * objects (ManiSkill's default material is 0.3).
 */
import { type Pose, pose } from '../../math/pose.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, copy, vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { goalState, restoreGoal } from '../goal-state.js';
import { writeDifference, writePose, writeVec3 } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';
import { isObjectStatic, isRobotStatic, stillnessReward } from './at-rest.js';

const RADIUS = 0.02;
const INNER_HALF = 0.02;
const WALL_HALF = 0.0025;
// The floor plate's half sizes (x, y, z) and a wall's (thin along x), as ManiSkill's blocks.
const FLOOR_HALF: Vec3 = { x: 2 * WALL_HALF + INNER_HALF, y: 2 * WALL_HALF + INNER_HALF, z: WALL_HALF };
const WALL_HALF_SIZE: Vec3 = { x: WALL_HALF, y: 2 * WALL_HALF + INNER_HALF, z: 2 * WALL_HALF };
const SPHERE_X = { low: -0.1, high: -0.05 };
const BIN_X = { low: 0, high: 0.1 };
const HALF_RANGE_Y = 0.1;
const XY_THRESHOLD = 0.005;
const Z_THRESHOLD = 0.005;
// ManiSkill's gripper width: twice a finger's upper limit.
const GRIPPER_WIDTH = 0.08;
const IDENTITY = { w: 1, x: 0, y: 0, z: 0 };

/** The bin's five boxes in its frame (the floor's centre): floor, walls at -x, +x, -y, +y. */
function binParts(): BoxPart[] {
  const d = FLOOR_HALF.y - FLOOR_HALF.z;
  const dz = WALL_HALF_SIZE.z + FLOOR_HALF.z;
  const alongX: Vec3 = { x: WALL_HALF_SIZE.y, y: WALL_HALF_SIZE.x, z: WALL_HALF_SIZE.z };
  const at = (x: number, y: number, z: number): Pose => ({ p: { x, y, z }, q: IDENTITY });
  return [
    { halfExtents: FLOOR_HALF, at: at(0, 0, 0) },
    { halfExtents: WALL_HALF_SIZE, at: at(-d, 0, dz) },
    { halfExtents: WALL_HALF_SIZE, at: at(d, 0, dz) },
    { halfExtents: alongX, at: at(0, -d, dz) },
    { halfExtents: alongX, at: at(0, d, dz) },
  ];
}

/** PlaceSphere-v1's info: success and the predicates its reward uses. */
export interface PlaceSphereInfo extends StepInfo {
  is_obj_grasped: boolean;
  is_obj_on_bin: boolean;
  is_obj_static: boolean;
}

/** ManiSkill's PlaceSphere-v1 on the table-top scene. */
export class PlaceSphere implements Task<PlaceSphereInfo> {
  readonly id = 'PlaceSphere-v1';
  readonly maxEpisodeSteps = 50;
  readonly maxDenseReward = 13;
  readonly extraFields = [
    { key: 'is_grasped', size: 1 },
    { key: 'tcp_pose', size: 7 },
    { key: 'bin_pos', size: 3 },
    { key: 'obj_pose', size: 7 },
    { key: 'tcp_to_obj_pos', size: 3 },
  ] as const;

  /** Where the sphere's centre rests on the bin's floor, world frame. */
  readonly goal: Vec3 = vec3();
  /** The bin's centre (its floor plate's), world frame. */
  private readonly bin: Vec3 = vec3();
  private readonly sphere: Pose = pose();
  private readonly binPose: Pose = pose();
  private readonly linear: Vec3 = vec3();
  private readonly angular: Vec3 = vec3();

  loadScene(scene: Scene): void {
    scene.addSphere('sphere', { radius: RADIUS, pose: { p: { x: -0.075, y: 0, z: RADIUS }, q: IDENTITY }, friction: 1 });
    scene.addCompound('bin', { type: 'fixed', parts: binParts(), pose: { p: { x: 0.05, y: 0, z: FLOOR_HALF.z }, q: IDENTITY }, friction: 1 });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    initializeTableTopRobot(scene, rng);
    const x = rng.uniform(SPHERE_X.low, SPHERE_X.high);
    const y = rng.uniform(-HALF_RANGE_Y, HALF_RANGE_Y);
    scene.placeObject('sphere', { p: { x, y, z: RADIUS }, q: IDENTITY });
    this.bin.x = rng.uniform(BIN_X.low, BIN_X.high);
    this.bin.y = rng.uniform(-HALF_RANGE_Y, HALF_RANGE_Y);
    this.bin.z = FLOOR_HALF.z;
    // A fixed body is moved by setting its pose; it stays fixed.
    const body = scene.body('bin');
    body.setTranslation(this.bin, true);
    body.setRotation(IDENTITY, true);
    this.setGoalFromBin();
  }

  beginEpisode(world: TaskWorld): void {
    const p = world.objectPose('bin', this.binPose).p;
    copy(p, this.bin);
    this.setGoalFromBin();
  }

  evaluate(world: TaskWorld): PlaceSphereInfo {
    const s = world.objectPose('sphere', this.sphere).p;
    const b = this.bin;
    const xyFlag = Math.hypot(s.x - b.x, s.y - b.y) <= XY_THRESHOLD;
    const zFlag = Math.abs(s.z - b.z - RADIUS - FLOOR_HALF.z) <= Z_THRESHOLD;
    const isObjOnBin = xyFlag && zFlag;
    const isObjStatic = isObjectStatic(world, 'sphere', this.linear, this.angular);
    const isObjGrasped = world.isGrasping('sphere');
    return {
      success: isObjOnBin && isObjStatic && !isObjGrasped,
      is_obj_grasped: isObjGrasped,
      is_obj_on_bin: isObjOnBin,
      is_obj_static: isObjStatic,
    };
  }

  observe(world: TaskWorld, info: PlaceSphereInfo, out: ObservationDict): void {
    const tcp = world.tcp;
    const sphere = world.objectPose('sphere', this.sphere);
    out['is_grasped']![0] = info.is_obj_grasped ? 1 : 0;
    writePose(out['tcp_pose']!, tcp);
    writeVec3(out['bin_pos']!, this.bin);
    writePose(out['obj_pose']!, sphere);
    writeDifference(out['tcp_to_obj_pos']!, tcp.p, sphere.p);
  }

  // ManiSkill's stages: reach (<= 2), grasped (4 + place), on the bin (6 + a third of ungrasp,
  // sphere still and robot still, ungrasp 16 once released), success 13.
  denseReward(world: TaskWorld, info: PlaceSphereInfo): number {
    if (info.success) return this.maxDenseReward;
    const tcp = world.tcp.p;
    const s = world.objectPose('sphere', this.sphere).p;
    if (info.is_obj_on_bin) {
      let opening = 0;
      for (const q of world.fingerQ) opening += q;
      const ungrasp = info.is_obj_grasped ? opening / GRIPPER_WIDTH : 16;
      const still = stillnessReward(world, 'sphere', this.linear, this.angular);
      const robotStatic = isRobotStatic(world) ? 1 : 0;
      return 6 + (ungrasp + still + robotStatic) / 3;
    }
    if (info.is_obj_grasped) {
      const g = this.goal;
      return 4 + 1 - Math.tanh(5 * Math.hypot(g.x - s.x, g.y - s.y, g.z - s.z));
    }
    return 2 * (1 - Math.tanh(5 * Math.hypot(tcp.x - s.x, tcp.y - s.y, tcp.z - s.z)));
  }

  getState(): unknown {
    return goalState(this.bin);
  }

  setState(state: unknown): void {
    restoreGoal(this.bin, state);
    this.setGoalFromBin();
  }

  private setGoalFromBin(): void {
    this.goal.x = this.bin.x;
    this.goal.y = this.bin.y;
    this.goal.z = this.bin.z + FLOOR_HALF.z + RADIUS;
  }
}
