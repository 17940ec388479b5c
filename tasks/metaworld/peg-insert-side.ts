/**
 * peg-insert-side-v3 (Meta-World): pick up a square peg lying on the table and push its head
 * sideways into the hole of a box.
 *
 * Scene (sawyer_peg_insertion_side.xml, peg_block.xml): the peg is a 0.24 x 0.03 x 0.03 m box
 * along x, 0.1 kg, with the XML's inertia of 1e5 kg m^2 about every axis (it cannot turn), its
 * head site 0.1 m toward -x, its grasp site (the observed object position) at (0.03, 0, 0.01);
 * the box (fixed) is turned 1.57 rad about z, its 6 x 6 cm hole at heights 0.1 to 0.16 m running
 * through it along world x. Reset: the hand at (0, 0.6, 0.2), open; the peg's centre uniform in
 * [0, 0.2] x [0.5, 0.7] (Meta-World's z of 0.02: it lies at 0.015), the box in
 * [-0.35, -0.25] x [0.4, 0.7] x [-0.001, 0.001], redrawn together until 0.1 m apart in xy; the
 * goal is the box's position + (0.03, 0, 0.13), inside the hole. Success: the head's offset from
 * the goal, scaled (1, 2, 2), within 0.07 m, at any step of the 500. Reward (v2, max 10): the
 * soft AND of the caging reward (1 once the peg is lifted 0.01 m with the TCP within 0.08 m and
 * the gripper not shut) and tolerance(scaled head-goal distance, inside 0.07) lowered in front
 * of the box's face below and above the hole; lifted, 1 + 5 x that more; 10 on success.
 */
import { type Pose, pose } from '../../math/pose.js';
import { rotate } from '../../math/quat.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, add, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { ObservationDict, StepInfo } from '../env.js';
import type { Task } from '../task.js';
import type { TaskWorld } from '../task-world.js';
import { gripperCagingReward, hamacherProduct } from './gripper-caging.js';
import { METAWORLD_FIELDS, MetaWorldFrames, gripperDistanceApart } from './metaworld-frames.js';
import { HAND_INIT, drawObjectAndGoal, type ResetBounds } from './metaworld-object.js';
import { placeHand } from './place-hand.js';
import { tolerance } from './tolerance.js';

const BOUNDS: ResetBounds = {
  objLow: { x: 0, y: 0.5, z: 0.02 },
  objHigh: { x: 0.2, y: 0.7, z: 0.02 },
  goalLow: { x: -0.35, y: 0.4, z: -0.001 },
  goalHigh: { x: -0.25, y: 0.7, z: 0.001 },
};
const MIN_SEPARATION = 0.1;
/** The goal relative to the box's position. */
export const HOLE_GOAL: Readonly<Vec3> = { x: 0.03, y: 0, z: 0.13 };
/** The peg's sites in its frame. */
export const PEG_HEAD: Readonly<Vec3> = { x: -0.1, y: 0, z: 0 };
export const PEG_GRASP: Readonly<Vec3> = { x: 0.03, y: 0, z: 0.01 };
const PEG_HALF = { x: 0.12, y: 0.015, z: 0.015 };
const BOX_YAW = 1.57;
const BOX_TURN = { w: Math.cos(BOX_YAW / 2), x: 0, y: 0, z: Math.sin(BOX_YAW / 2) };
const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const box = (hx: number, hy: number, hz: number, x: number, z: number) => ({ halfExtents: { x: hx, y: hy, z: hz }, at: { p: { x, y: 0, z }, q: UPRIGHT } });
// peg_block.xml's collision boxes, in the box's frame (its hole runs along its y).
const BOX_PARTS = [
  box(0.09, 0.1, 0.005, 0, 0.195),
  box(0.09, 0.096, 0.05, 0, 0.05),
  box(0.03, 0.096, 0.03, -0.06, 0.13),
  box(0.03, 0.096, 0.03, 0.06, 0.13),
  box(0.09, 0.096, 0.015, 0, 0.175),
  box(0.005, 0.1, 0.1, 0.095, 0.1),
  box(0.005, 0.1, 0.1, -0.095, 0.1),
];
// The reward's two regions in front of the box's face, below and above the hole: corners (the
// reward's 0 and 1 corners) in the box's frame.
const FRONT_BELOW = { zero: { x: 0.1, y: -0.11, z: 0.01 }, one: { x: -0.1, y: -0.15, z: 0.096 } };
const FRONT_ABOVE = { zero: { x: 0.1, y: -0.11, z: 0.16 }, one: { x: -0.1, y: -0.17, z: 0.19 } };
const SUCCESS_DISTANCE = 0.07;
const CAGING = { objRadius: 0.0075, padSuccessThreshold: 0.03, xzThreshold: 0.005, highDensity: true };

/** peg-insert-side-v3's info: success, the scaled head-goal distance and Meta-World's predicates. */
export interface PegInsertSideInfo extends StepInfo {
  obj_to_target: number;
  /** The TCP within 0.03 m of the grasp site. */
  near_object: boolean;
  /** The TCP within 0.02 m of the grasp site, the gripper not shut, the peg lifted 0.01 m. */
  grasp_success: boolean;
}

/** Meta-World's peg-insert-side-v3 on the Panda placed for Meta-World. */
export class PegInsertSideV3 implements Task<PegInsertSideInfo> {
  readonly id = 'peg-insert-side-v3';
  readonly maxEpisodeSteps = 500;
  readonly maxDenseReward = 10;
  readonly extraFields = METAWORLD_FIELDS;
  readonly observesJoints = false;
  readonly terminatesOnSuccess = false;
  readonly goal: Vec3 = vec3();
  private readonly frames = new MetaWorldFrames('peg', { low: offset(BOUNDS.goalLow), high: offset(BOUNDS.goalHigh) }, PEG_GRASP);
  private readonly pegInit = vec3();
  private readonly boxAt = vec3();
  private readonly boxPose: Pose = { p: this.boxAt, q: BOX_TURN };
  private readonly headInit = vec3();
  private readonly tcpInit = vec3();
  private variations: { peg: Vec3; box: Vec3 }[] | null = null;
  private readonly peg = pose();
  private readonly head = vec3();
  private readonly grasp = vec3();
  private readonly pads = [vec3(), vec3()] as const;
  private readonly corners = [vec3(), vec3()] as const;

  loadScene(scene: Scene): void {
    scene.addBox('peg', { halfExtents: PEG_HALF, mass: { mass: 0.1, inertia: { x: 1e5, y: 1e5, z: 1e5 } }, friction: 1, pose: { p: { x: 0, y: 0.6, z: PEG_HALF.z }, q: UPRIGHT } });
    scene.addCompound('box', { type: 'fixed', parts: BOX_PARTS, friction: 1, pose: { p: { x: -0.3, y: 0.6, z: 0 }, q: BOX_TURN } });
  }

  fixVariations(count: number, rng: Rng): void {
    this.variations = Array.from({ length: count }, () => {
      const peg = vec3();
      const at = vec3();
      drawObjectAndGoal(rng, BOUNDS, peg, at, MIN_SEPARATION);
      return { peg, box: at };
    });
  }

  initializeEpisode(scene: Scene, rng: Rng): void {
    placeHand(scene, HAND_INIT);
    if (this.variations) {
      const v = this.variations[rng.int(this.variations.length)]!;
      copy(v.peg, this.pegInit);
      copy(v.box, this.boxAt);
    } else drawObjectAndGoal(rng, BOUNDS, this.pegInit, this.boxAt, MIN_SEPARATION);
    // Meta-World sets the peg 5 mm above the table and lets it drop; here it starts lying.
    scene.placeObject('peg', { p: { ...this.pegInit, z: PEG_HALF.z }, q: UPRIGHT });
    const b = scene.body('box');
    b.setTranslation(this.boxAt, true);
    b.setRotation(BOX_TURN, true);
    add(this.boxAt, HOLE_GOAL, this.goal);
    add({ ...this.pegInit, z: PEG_HALF.z }, PEG_HEAD, this.headInit);
    copy(scene.arm.tcpWorld().p, this.tcpInit);
    this.frames.reset();
  }

  beginEpisode(world: TaskWorld): void {
    const p = world.objectPose('peg', this.peg);
    copy(p.p, this.pegInit);
    siteOf(p, PEG_HEAD, this.headInit);
    const g = world.perceivedGoal(this.goal) ?? this.goal;
    this.boxAt.x = g.x - HOLE_GOAL.x;
    this.boxAt.y = g.y - HOLE_GOAL.y;
    this.boxAt.z = g.z - HOLE_GOAL.z;
    copy(world.tcp.p, this.tcpInit);
    this.frames.reset();
  }

  evaluate(world: TaskWorld): PegInsertSideInfo {
    const p = world.objectPose('peg', this.peg);
    const head = siteOf(p, PEG_HEAD, this.head);
    const grasp = siteOf(p, PEG_GRASP, this.grasp);
    const tcp = world.tcp.p;
    const objToTarget = scaledDistance(head, this.goal);
    const tcpToObj = Math.hypot(grasp.x - tcp.x, grasp.y - tcp.y, grasp.z - tcp.z);
    return {
      success: objToTarget <= SUCCESS_DISTANCE,
      obj_to_target: objToTarget,
      near_object: tcpToObj <= 0.03,
      grasp_success: tcpToObj < 0.02 && gripperDistanceApart(world) > 0 && grasp.z - 0.01 > this.pegInit.z,
    };
  }

  observe(world: TaskWorld, _info: PegInsertSideInfo, out: ObservationDict): void {
    this.frames.observe(world, this.goal, out);
  }

  denseReward(world: TaskWorld, info: PegInsertSideInfo, action: ArrayLike<number>): number {
    if (info.obj_to_target <= SUCCESS_DISTANCE) return 10;
    const p = world.objectPose('peg', this.peg);
    const head = siteOf(p, PEG_HEAD, this.head);
    const grasp = siteOf(p, PEG_GRASP, this.grasp);
    const tcp = world.tcp.p;
    let inPlace = tolerance(info.obj_to_target, 0, SUCCESS_DISTANCE, scaledDistance(this.headInit, this.goal));
    inPlace = hamacherProduct(inPlace, hamacherProduct(this.inFront(head, FRONT_ABOVE), this.inFront(head, FRONT_BELOW)));
    // Meta-World's obj_init_pos, which the caging margins and the lift test read, is the peg's
    // drawn body position (z = 0.02), while the object they compare with is the grasp site.
    world.fingerPads(this.pads[0], this.pads[1]);
    const tcpToObj = Math.hypot(grasp.x - tcp.x, grasp.y - tcp.y, grasp.z - tcp.z);
    const lifted = tcpToObj < 0.08 && gripperDistanceApart(world) > 0 && grasp.z - 0.01 > this.pegInit.z;
    const grasped = lifted ? 1 : gripperCagingReward({ pads: this.pads, tcp, obj: grasp, objInit: this.pegInit, tcpInit: this.tcpInit, gripperEffort: action[action.length - 1] ?? 0 }, CAGING);
    let reward = hamacherProduct(grasped, inPlace);
    if (lifted) reward += 1 + 5 * inPlace;
    return reward;
  }

  getState(): unknown {
    const v = (a: Vec3) => [a.x, a.y, a.z];
    return { goal: v(this.goal), pegInit: v(this.pegInit), boxAt: v(this.boxAt), headInit: v(this.headInit), tcpInit: v(this.tcpInit), frames: this.frames.getState() };
  }

  setState(state: unknown): void {
    const s = state as Record<'goal' | 'pegInit' | 'boxAt' | 'headInit' | 'tcpInit', number[]> & { frames: unknown };
    for (const k of ['goal', 'pegInit', 'boxAt', 'headInit', 'tcpInit'] as const) copy({ x: s[k][0]!, y: s[k][1]!, z: s[k][2]! }, this[k]);
    this.frames.setState(s.frames);
  }

  // Meta-World's rect_prism_tolerance: inside the region the product of the head's fractions of
  // the way from the 0 corner to the 1 corner per axis, 1 outside it.
  private inFront(head: Vec3, region: { zero: Vec3; one: Vec3 }): number {
    const zero = siteOf(this.boxPose, region.zero, this.corners[0]);
    const one = siteOf(this.boxPose, region.one, this.corners[1]);
    let product = 1;
    for (const k of ['x', 'y', 'z'] as const) {
      const [lo, hi] = zero[k] <= one[k] ? [zero[k], one[k]] : [one[k], zero[k]];
      if (head[k] < lo || head[k] > hi) return 1;
      product *= (head[k] - zero[k]) / (one[k] - zero[k]);
    }
    return product;
  }
}

/** The world position of a point `site` given in the frame of `p`, into `target`. */
function siteOf(p: Pose, site: Readonly<Vec3>, target: Vec3): Vec3 {
  rotate(p.q, site, target);
  return add(p.p, target, target);
}

function scaledDistance(head: Vec3, goal: Vec3): number {
  return Math.hypot(head.x - goal.x, 2 * (head.y - goal.y), 2 * (head.z - goal.z));
}

function offset(v: Vec3): Vec3 {
  return { x: v.x + HOLE_GOAL.x, y: v.y + HOLE_GOAL.y, z: v.z + HOLE_GOAL.z };
}

function copy(from: Vec3, to: Vec3): void {
  to.x = from.x;
  to.y = from.y;
  to.z = from.z;
}
