/**
 * push-back-v3 (Meta-World): move a block back toward the robot, to a goal on the table.
 *
 * Scene: sawyer_push_back_v3.xml's "obj", a box of half-size 0.02 m, 0.75 kg with the XML's
 * diagonal inertia of 1e5 (it does not turn), friction 2. Reset: the hand at (0, 0.6, 0.2), open;
 * the block's xy uniform in [-0.1, 0.1] x [0.8, 0.85] at z 0.02; the goal's xy uniform in
 * [-0.1, 0.1] x [0.6, 0.7] at the block's height; redrawn together until their xy are 0.15 m or
 * more apart. The observed point is the block's centre, obs[7:11] its rotation x, y, z, w.
 * Success: the centre within 0.07 m of the goal, at any step of the 500. Reward (Meta-World's
 * v2, max 10; 10 within 0.05 m): the soft AND of its own caging reward (pads astride the block
 * along y, between 0.007 and 0.05 m of its centre, and within 0.01 m while gripping; the TCP
 * within 0.01 m of it in x-z; the mean of caging and gripping) and in_place (tolerance(block-goal
 * distance, inside 0.05, margin its start)); plus 1 + 5 x in_place while the TCP is within 0.01 m
 * of the centre with 0 < obs[3] < 0.55 and the block 0.01 m or more nearer the goal than it began.
 *
 * Differs from Meta-World: the pads are the Panda fingers' centres of mass (the one at +y taken
 * as Meta-World's left pad); the expert (pick-place-v3's) grips the block, lifts it 4 cm and
 * sets it down on the goal, where Meta-World's grips it and drags it along the table.
 */
import { pose } from '../../math/pose.js';
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { TaskWorld } from '../task-world.js';
import { hamacherProduct } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { MetaWorldTask } from './metaworld-task.js';
import { PadsAtStart, padsNow } from './pads-at-start.js';
import type { PushInfo } from './push.js';
import { tolerance } from './tolerance.js';

const HALF = 0.02;
const SUCCESS_RADIUS = 0.07;
const TARGET_RADIUS = 0.05;
const OBJ_RADIUS = 0.007;
const PAD_MARGIN = 0.05;
const GRIP_MARGIN = OBJ_RADIUS + 0.003;
const XZ_MARGIN = 0.01;

/** Meta-World's push-back-v3 on the Panda placed for Meta-World. */
export class PushBackV3 extends MetaWorldTask<PushInfo> {
  readonly id = 'push-back-v3';
  private readonly obj = pose();
  private readonly left = vec3();
  private readonly right = vec3();
  protected override readonly padsAtStart = new PadsAtStart();

  constructor() {
    super({
      objLow: { x: -0.1, y: 0.8, z: HALF },
      objHigh: { x: 0.1, y: 0.85, z: HALF },
      goalLow: { x: -0.1, y: 0.6, z: 0.0199 },
      goalHigh: { x: 0.1, y: 0.7, z: 0.0201 },
    });
  }

  override loadScene(scene: Scene): void {
    const inertia = { x: 1e5, y: 1e5, z: 1e5 };
    scene.addBox('obj', { halfExtents: { x: HALF, y: HALF, z: HALF }, mass: { mass: 0.75, inertia }, friction: 2, pose: { p: { x: 0, y: 0.6, z: HALF }, q: { w: 1, x: 0, y: 0, z: 0 } } });
  }



  evaluate(world: TaskWorld): PushInfo {
    const o = world.objectPose('obj', this.obj).p;
    const toTarget = Math.hypot(o.x - this.goal.x, o.y - this.goal.y, o.z - this.goal.z);
    return { success: toTarget <= SUCCESS_RADIUS, obj_to_target: toTarget };
  }

  denseReward(world: TaskWorld, info: PushInfo): number {
    if (info.obj_to_target < TARGET_RADIUS) return 10;
    const obj = world.objectPose('obj', this.obj).p;
    const tcp = world.tcp.p;
    const oi = this.objInit;
    const g = this.goal;
    const startGap = Math.hypot(oi.x - g.x, oi.y - g.y, oi.z - g.z);
    const inPlace = tolerance(info.obj_to_target, 0, TARGET_RADIUS, startGap);
    let reward = hamacherProduct(this.caging(world, obj), inPlace);
    const opened = gripperDistanceApart(world);
    if (Math.hypot(obj.x - tcp.x, obj.y - tcp.y, obj.z - tcp.z) < 0.01 && opened > 0 && opened < 0.55 && startGap - info.obj_to_target > 0.01) reward += 1 + 5 * inPlace;
    return reward;
  }



  // Meta-World keeps the block's height for the goal.
  protected override adjustGoal(): void {
    this.goal.z = this.objInit.z;
  }

  // push-back-v3's own _gripper_caging_reward: signed pad offsets, a gripping band, their mean.
  // (It computes the gripper effort term and leaves it out.)
  private caging(world: TaskWorld, obj: Vec3): number {
    padsNow(world, this.left, this.right);
    const { left, right } = this;
    const leftInit = this.padsAtStart.left.y;
    const rightInit = this.padsAtStart.right.y;
    const leftMargin = Math.abs(Math.abs(obj.y - leftInit) - PAD_MARGIN);
    const rightMargin = Math.abs(Math.abs(obj.y - rightInit) - PAD_MARGIN);
    const dLeft = left.y - obj.y;
    const dRight = obj.y - right.y;
    const yCaging = hamacherProduct(tolerance(dRight, OBJ_RADIUS, PAD_MARGIN, rightMargin), tolerance(dLeft, OBJ_RADIUS, PAD_MARGIN, leftMargin));
    const yGripping = hamacherProduct(tolerance(dRight, OBJ_RADIUS, GRIP_MARGIN, rightMargin), tolerance(dLeft, OBJ_RADIUS, GRIP_MARGIN, leftMargin));
    const tcp = world.tcp.p;
    const oi = this.objInit;
    const ti = this.tcpInit;
    const xz = tolerance(Math.hypot(tcp.x - obj.x, tcp.z - obj.z), 0, XZ_MARGIN, Math.hypot(oi.x - ti.x, oi.z - ti.z) - XZ_MARGIN);
    const caging = hamacherProduct(yCaging, xz);
    return (caging + (caging > 0.95 ? yGripping : 0)) / 2;
  }
}
