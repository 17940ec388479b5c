/**
 * pick-place-v3 (Meta-World): pick up the cylinder (radius and half-height 0.02 m, 0.75 kg) and
 * bring it to a goal in the air.
 *
 * Reset: the hand at (0, 0.6, 0.2), open; object xy uniform in [-0.1, 0.1] x [0.6, 0.7] on the
 * table; goal uniform in [-0.1, 0.1] x [0.8, 0.9] x [0.05, 0.3]; redrawn together until their
 * xy are 0.15 m or more apart. Success: the object's centre within 0.07 m of the goal, at any
 * step of the 500. Reward (Meta-World's v2 shaping, max 10): the soft AND (Hamacher product) of
 * pick-place's own caging reward and tolerance(object-goal distance, inside 0.05); once the TCP
 * is within 0.02 m of the object with the gripper not shut and the object 0.01 m above its
 * start, 1 + 5 x that tolerance more; 10 with the object within 0.05 m of the goal.
 */
import { pose } from '../../math/pose.js';
import type { Rng } from '../../math/rng.js';
import { type Vec3, distance, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { hamacherProduct } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { MetaWorldTask } from './metaworld-task.js';
import { tolerance } from './tolerance.js';

const SUCCESS_RADIUS = 0.07;
const TARGET_RADIUS = 0.05;
const PAD_SUCCESS_MARGIN = 0.05;
const XZ_SUCCESS_MARGIN = 0.005;
const OBJ_RADIUS = 0.015;

/** pick-place-v3's info: success, the object's distance to the goal and Meta-World's predicates. */
export interface PickPlaceInfo extends StepInfo {
  obj_to_target: number;
  /** The TCP within 0.03 m of the object. */
  near_object: boolean;
  /** Both pads on the object, the gripper not shut, the object 0.02 m above its start. */
  grasp_success: boolean;
}

/** Meta-World's pick-place-v3 on the Panda placed for Meta-World. */
export class PickPlaceV3 extends MetaWorldTask<PickPlaceInfo> {
  readonly id = 'pick-place-v3';
  private readonly obj = pose();
  private readonly pads = [vec3(), vec3()] as const;
  // The pads where the hand started, +y one first (Meta-World's leftpad, its claw at +y).
  private readonly padsInit = [vec3(), vec3()] as const;

  constructor() {
    super({
      objLow: { x: -0.1, y: 0.6, z: 0.02 },
      objHigh: { x: 0.1, y: 0.7, z: 0.02 },
      goalLow: { x: -0.1, y: 0.8, z: 0.05 },
      goalHigh: { x: 0.1, y: 0.9, z: 0.3 },
    });
  }

  override initializeEpisode(scene: Scene, rng: Rng): void {
    super.initializeEpisode(scene, rng);
    const [a, b] = scene.arm.fingerCentres();
    orderPads(a!, b!, this.padsInit);
  }

  override beginEpisode(world: TaskWorld): void {
    super.beginEpisode(world);
    world.fingerPads(this.pads[0], this.pads[1]);
    orderPads(this.pads[0], this.pads[1], this.padsInit);
  }

  evaluate(world: TaskWorld): PickPlaceInfo {
    const o = world.objectPose('obj', this.obj).p;
    const tcp = world.tcp.p;
    const objToTarget = Math.hypot(o.x - this.goal.x, o.y - this.goal.y, o.z - this.goal.z);
    const tcpToObj = Math.hypot(o.x - tcp.x, o.y - tcp.y, o.z - tcp.z);
    return {
      success: objToTarget <= SUCCESS_RADIUS,
      obj_to_target: objToTarget,
      near_object: tcpToObj <= 0.03,
      grasp_success: world.isGrasping('obj') && gripperDistanceApart(world) > 0 && o.z - 0.02 > this.objInit.z,
    };
  }

  denseReward(world: TaskWorld, info: PickPlaceInfo, action: ArrayLike<number>): number {
    const objToTarget = info.obj_to_target;
    if (objToTarget < TARGET_RADIUS) return 10;
    const obj = world.objectPose('obj', this.obj).p;
    const tcp = world.tcp.p;
    const inPlace = tolerance(objToTarget, 0, TARGET_RADIUS, distance(this.objInit, this.goal));
    const grasped = this.caging(world, obj, action[action.length - 1] ?? 0);
    let reward = hamacherProduct(grasped, inPlace);
    const tcpToObj = distance(obj, tcp);
    if (tcpToObj < 0.02 && gripperDistanceApart(world) > 0 && obj.z - 0.01 > this.objInit.z) reward += 1 + 5 * inPlace;
    return reward;
  }

  override getState(): unknown {
    const v = (a: Vec3) => [a.x, a.y, a.z];
    return { base: super.getState(), padsInit: this.padsInit.map(v) };
  }

  override setState(state: unknown): void {
    const s = state as { base: unknown; padsInit: number[][] };
    super.setState(s.base);
    s.padsInit.forEach((p, i) => Object.assign(this.padsInit[i]!, { x: p[0], y: p[1], z: p[2] }));
  }

  // Pick-place's own caging reward: each pad's signed y offset from the object (the +y pad above
  // it, the other below) within [0.015, 0.05], its margin from where that pad started; the TCP
  // over the object in x-z; the gripper closing once caged; averaged with caging alone.
  private caging(world: TaskWorld, obj: Vec3, effort: number): number {
    world.fingerPads(this.pads[0], this.pads[1]);
    const [high, low] = this.pads[0].y >= this.pads[1].y ? this.pads : [this.pads[1], this.pads[0]];
    const [highInit, lowInit] = this.padsInit;
    const upper = tolerance(high.y - obj.y, OBJ_RADIUS, PAD_SUCCESS_MARGIN, Math.abs(Math.abs(obj.y - highInit.y) - PAD_SUCCESS_MARGIN));
    const lower = tolerance(obj.y - low.y, OBJ_RADIUS, PAD_SUCCESS_MARGIN, Math.abs(Math.abs(obj.y - lowInit.y) - PAD_SUCCESS_MARGIN));
    const cagingY = hamacherProduct(upper, lower);
    const tcp = world.tcp.p;
    const xzMargin = Math.hypot(this.objInit.x - this.tcpInit.x, this.objInit.z - this.tcpInit.z) - XZ_SUCCESS_MARGIN;
    const cagingXz = tolerance(Math.hypot(tcp.x - obj.x, tcp.z - obj.z), 0, XZ_SUCCESS_MARGIN, xzMargin);
    const caging = hamacherProduct(cagingY, cagingXz);
    const gripping = caging > 0.97 ? Math.min(Math.max(0, effort), 1) : 0;
    return (hamacherProduct(caging, gripping) + caging) / 2;
  }
}

function orderPads(a: Vec3, b: Vec3, target: readonly [Vec3, Vec3]): void {
  const [high, low] = a.y >= b.y ? [a, b] : [b, a];
  Object.assign(target[0], { x: high.x, y: high.y, z: high.z });
  Object.assign(target[1], { x: low.x, y: low.y, z: low.z });
}
