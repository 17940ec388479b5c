/**
 * PegInsertionSide-v1 (ManiSkill): pick up a square peg lying on the table and insert its head
 * sideways into the hole of a fixed box, half way in.
 *
 * Randomizations: at every reset the peg's half length L is uniform in [0.085, 0.125] and its
 * half width r in [0.015, 0.025]; the box is 2L a side with a square hole of half width
 * r + 0.003 (the clearance) along its x axis, the hole's centre offset in the box's yz by
 * 0.5 (L - r) U(-1, 1)^2. The peg lies flat, xy uniform in [-0.1, 0.1] x [-0.3, 0], yaw uniform in
 * pi/2 +- pi/3; the box stands on the table, xy uniform in [-0.05, 0.05] x [0.2, 0.4], yaw
 * uniform in pi/2 +- pi/8. The arm starts at [0, pi/8, 0, -5pi/8, 0, 3pi/4, -pi/4] plus N(0, 0.02)
 * per joint, fingers open.
 * Success: the peg's head (its +x end) in the hole's frame is within 0.015 m of the hole's centre
 * along the hole's axis and within the hole's half width across it. 100 control steps an episode.
 *
 * Differs from ManiSkill: ManiSkill draws the sizes when it rebuilds the scene (every reset with
 * one env); here the scene is built once and the peg's and box's boxes are reshaped at each reset
 * (Scene.reshapeBoxes), so the draw is the same per episode. The reward's is_grasped takes
 * TaskWorld's grasp test (ManiSkill's is_grasping, 85 degrees) where ManiSkill passes 20: the
 * world has one angle. The fingers have ManiSkill's drive (1e3 N/m, 100 N: about 30 N on the
 * peg), which lifts the 0.2-0.6 kg peg; it still slides in the grip when moved fast or pushed
 * along its axis, so the scripted expert lifts slowly and carries the peg crosswise
 * (policies/scripted/peg-insertion-side-expert.ts). The kinematic arm did not jam in the 3 mm
 * clearance: with the peg lined up to 1.5 mm, the insertion went in on every measured seed
 * (fidelity/PegInsertionSide-v1.md has the measurements).
 */
import { type Pose, composePose, pose, relativePose } from '../../math/pose.js';
import { fromAxisAngle } from '../../math/quat.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, copy, vec3 } from '../../math/vec3.js';
import type { BoxPart, Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { writePose } from '../write-floats.js';
import { initializeTableTopRobot } from './table-top.js';

const HALF_LENGTH_RANGE = [0.085, 0.125] as const;
const RADIUS_RANGE = [0.015, 0.025] as const;
const CLEARANCE = 0.003;
// ManiSkill's default material (0.3); a peg of 1.3 slipped in the grip as well (measured).
const PEG_FRICTION = 0.3;
const PEG_XY_LOW = [-0.1, -0.3] as const;
const PEG_XY_HIGH = [0.1, 0] as const;
const PEG_YAW_SPREAD = Math.PI / 3;
const BOX_XY_LOW = [-0.05, 0.2] as const;
const BOX_XY_HIGH = [0.05, 0.4] as const;
const BOX_YAW_SPREAD = Math.PI / 8;
const INSERTED_DEPTH = 0.015;
// The arm's start (ManiSkill's), fingers open at 0.04 m; N(0, 0.02) is added per arm joint.
const INIT_QPOS = [0, Math.PI / 8, 0, (-5 * Math.PI) / 8, 0, (3 * Math.PI) / 4, -Math.PI / 4, 0.04];
// ManiSkill's reward: the TCP aims 6 cm behind the peg's centre, along the peg.
const REACH_OFFSET = -0.06;
const PRE_INSERTED = 0.01;
const Z_AXIS: Vec3 = { x: 0, y: 0, z: 1 };
const IDENTITY = { w: 1, x: 0, y: 0, z: 0 };

/** PegInsertionSide-v1's info: success and where the peg's head is in the hole's frame. */
export interface PegInsertionSideInfo extends StepInfo {
  /** The peg head's position in the hole's frame (x along the hole), m. */
  peg_head_pos_at_hole: [number, number, number];
}

/** The sizes drawn at a reset: what the task needs beside the physics to observe and judge. */
interface PegGeometry {
  /** Peg half length (the box's half size), m. */
  halfLength: number;
  /** Peg half width, m. */
  radius: number;
  /** Hole centre in the box's y and z, m. */
  center: [number, number];
}

/** ManiSkill's PegInsertionSide-v1 on the table-top scene. */
export class PegInsertionSide implements Task<PegInsertionSideInfo> {
  readonly id = 'PegInsertionSide-v1';
  readonly maxEpisodeSteps = 100;
  readonly maxDenseReward = 10;
  readonly extraFields = [
    { key: 'tcp_pose', size: 7 },
    { key: 'peg_pose', size: 7 },
    { key: 'peg_half_size', size: 3 },
    { key: 'box_hole_pose', size: 7 },
    { key: 'box_hole_radius', size: 1 },
  ] as const;

  /** The hole's centre, world frame (set at each reset). */
  readonly goal: Vec3 = vec3();
  private geometry: PegGeometry = { halfLength: 0.1, radius: 0.02, center: [0, 0] };
  private readonly peg: Pose = pose();
  private readonly box: Pose = pose();
  private readonly hole: Pose = pose();
  private readonly head: Pose = pose();
  private readonly rel: Pose = pose();
  private readonly offset: Pose = pose();
  private readonly moved: Pose = pose();
  private readonly headAt: Vec3 = vec3();
  private readonly reachAt: Vec3 = vec3();

  loadScene(scene: Scene): void {
    const g = this.geometry;
    scene.addBox('peg', { halfExtents: { x: g.halfLength, y: g.radius, z: g.radius }, pose: { p: { x: 0, y: 0, z: 0.1 }, q: IDENTITY }, friction: PEG_FRICTION });
    scene.addCompound('box_with_hole', { type: 'fixed', parts: holeBoxParts(g), pose: { p: { x: 0, y: 1, z: 0.1 }, q: IDENTITY }, friction: 0.3 });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    const halfLength = rng.uniform(HALF_LENGTH_RANGE[0], HALF_LENGTH_RANGE[1]);
    const radius = rng.uniform(RADIUS_RANGE[0], RADIUS_RANGE[1]);
    const spread = 0.5 * (halfLength - radius);
    this.geometry = { halfLength, radius, center: [spread * rng.uniform(-1, 1), spread * rng.uniform(-1, 1)] };
    scene.reshapeBoxes('peg', [{ halfExtents: { x: halfLength, y: radius, z: radius }, at: { p: vec3(), q: IDENTITY } }]);
    scene.reshapeBoxes('box_with_hole', holeBoxParts(this.geometry));

    const px = rng.uniform(PEG_XY_LOW[0], PEG_XY_HIGH[0]);
    const py = rng.uniform(PEG_XY_LOW[1], PEG_XY_HIGH[1]);
    const pegYaw = rng.uniform(Math.PI / 2 - PEG_YAW_SPREAD, Math.PI / 2 + PEG_YAW_SPREAD);
    scene.placeObject('peg', { p: { x: px, y: py, z: radius }, q: fromAxisAngle(Z_AXIS, pegYaw) });
    const bx = rng.uniform(BOX_XY_LOW[0], BOX_XY_HIGH[0]);
    const by = rng.uniform(BOX_XY_LOW[1], BOX_XY_HIGH[1]);
    const boxYaw = rng.uniform(Math.PI / 2 - BOX_YAW_SPREAD, Math.PI / 2 + BOX_YAW_SPREAD);
    const box = scene.body('box_with_hole');
    box.setTranslation({ x: bx, y: by, z: halfLength }, true);
    box.setRotation(fromAxisAngle(Z_AXIS, boxYaw), true);

    initializeTableTopRobot(scene, rng, 0.02, INIT_QPOS);
    this.updateGoal({ p: { x: bx, y: by, z: halfLength }, q: fromAxisAngle(Z_AXIS, boxYaw) });
  }

  beginEpisode(world: TaskWorld): void {
    this.updateGoal(world.objectPose('box_with_hole', this.box));
  }

  evaluate(world: TaskWorld): PegInsertionSideInfo {
    const h = this.headInHole(world);
    const holeRadius = this.geometry.radius + CLEARANCE;
    const inserted = Math.abs(h.x) <= INSERTED_DEPTH && Math.abs(h.y) <= holeRadius && Math.abs(h.z) <= holeRadius;
    return { success: inserted, peg_head_pos_at_hole: [h.x, h.y, h.z] };
  }

  observe(world: TaskWorld, _info: PegInsertionSideInfo, out: ObservationDict): void {
    writePose(out['tcp_pose']!, world.tcp);
    writePose(out['peg_pose']!, world.objectPose('peg', this.peg));
    const size = out['peg_half_size']!;
    size[0] = this.geometry.halfLength;
    size[1] = this.geometry.radius;
    size[2] = this.geometry.radius;
    writePose(out['box_hole_pose']!, this.holePose(world));
    out['box_hole_radius']![0] = this.geometry.radius + CLEARANCE;
  }

  denseReward(world: TaskWorld, info: PegInsertionSideInfo): number {
    if (info.success) return this.maxDenseReward;
    const tcp = world.tcp.p;
    const peg = world.objectPose('peg', this.peg);
    const reachAt = this.along(peg, REACH_OFFSET, this.reachAt);
    const reaching = 1 - Math.tanh(4 * Math.hypot(tcp.x - reachAt.x, tcp.y - reachAt.y, tcp.z - reachAt.z));
    const grasped = world.isGrasping('peg') ? 1 : 0;
    // The goal pose is the peg's centre L behind the hole's centre; yz distances are across the hole.
    const hole = this.holePose(world);
    const headYz = this.yzFromGoal(hole, this.along(peg, this.geometry.halfLength, this.headAt));
    const centreYz = this.yzFromGoal(hole, peg.p);
    const preInsertion = 3 * (1 - Math.tanh(0.5 * (headYz + centreYz) + 4.5 * Math.max(headYz, centreYz)));
    const preInserted = headYz < PRE_INSERTED && centreYz < PRE_INSERTED;
    const [hx, hy, hz] = info.peg_head_pos_at_hole;
    const insertion = 5 * (1 - Math.tanh(5 * Math.hypot(hx, hy, hz)));
    return reaching + grasped + preInsertion * grasped + (preInserted && grasped ? insertion : 0);
  }

  getState(): unknown {
    const g = this.geometry;
    return { halfLength: g.halfLength, radius: g.radius, center: [...g.center], goal: [this.goal.x, this.goal.y, this.goal.z] };
  }

  setState(state: unknown): void {
    const s = state as { halfLength: number; radius: number; center: [number, number]; goal: [number, number, number] };
    this.geometry = { halfLength: s.halfLength, radius: s.radius, center: [s.center[0], s.center[1]] };
    [this.goal.x, this.goal.y, this.goal.z] = s.goal;
  }

  private updateGoal(box: Pose): void {
    copy(this.holeOf(box).p, this.goal);
  }

  private holePose(world: TaskWorld): Pose {
    return this.holeOf(world.objectPose('box_with_hole', this.box));
  }

  /** The hole's frame: the box's pose times the hole's offset in it. */
  private holeOf(box: Pose): Pose {
    this.offset.p.x = 0;
    this.offset.p.y = this.geometry.center[0];
    this.offset.p.z = this.geometry.center[1];
    this.offset.q = IDENTITY;
    return composePose(box, this.offset, this.hole);
  }

  private headInHole(world: TaskWorld): Vec3 {
    const peg = world.objectPose('peg', this.peg);
    const hole = this.holePose(world);
    this.head.p = this.along(peg, this.geometry.halfLength, this.headAt);
    this.head.q = peg.q;
    return relativePose(hole, this.head, this.rel).p;
  }

  /** The point `d` along the peg's x axis from its centre, world frame. */
  private along(peg: Pose, d: number, target: Vec3): Vec3 {
    this.offset.p.x = d;
    this.offset.p.y = 0;
    this.offset.p.z = 0;
    this.offset.q = IDENTITY;
    return copy(composePose(peg, this.offset, this.moved).p, target);
  }

  /** Distance across the hole's axis from the goal line (the hole's axis), of a world point. */
  private yzFromGoal(hole: Pose, point: Vec3): number {
    this.head.p = point;
    this.head.q = IDENTITY;
    const r = relativePose(hole, this.head, this.rel).p;
    return Math.hypot(r.y, r.z);
  }
}

/** The box with a hole: four walls around a square hole along x of half width r + clearance, offset in yz. */
function holeBoxParts(g: PegGeometry): BoxPart[] {
  const inner = g.radius + CLEARANCE;
  const outer = g.halfLength;
  const depth = g.halfLength;
  const thickness = 0.5 * (outer - inner);
  const [cy, cz] = [0.5 * g.center[0], 0.5 * g.center[1]];
  const offset = thickness + inner;
  const at = (y: number, z: number): Pose => ({ p: { x: 0, y, z }, q: IDENTITY });
  return [
    { halfExtents: { x: depth, y: thickness - cy, z: outer }, at: at(offset + cy, 0) },
    { halfExtents: { x: depth, y: thickness + cy, z: outer }, at: at(-offset + cy, 0) },
    { halfExtents: { x: depth, y: outer, z: thickness - cz }, at: at(0, offset + cz) },
    { halfExtents: { x: depth, y: outer, z: thickness + cz }, at: at(0, -offset + cz) },
  ];
}
