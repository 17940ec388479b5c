/**
 * lever-pull-v3 (Meta-World): swing a lever from pointing at the robot up to straight up.
 *
 * Scene: Meta-World's lever on its stand (lever-object.ts), on robot panda_metaworld_back (from
 * y = 0.2 the Panda cannot get under the handle of the nearest levers, 0.08 m in front of it at
 * 0.1 m up, nor reach Meta-World's hand start). Reset: the hand at (0, 0.4, 0.15), open
 * (Meta-World's z is 0.2, where the Panda's palm, 0.2 m long across the fingers, would start in
 * the handle of the levers drawn nearest); the stand's
 * position uniform in [-0.1, 0.1] x [0.7, 0.8] x {0}, the lever at 0; the goal is the stand +
 * (0.12, 0, 0.45), the handle straight up, observed clipped to the hand box (goal_space, down to
 * z -0.15). The observed point is the handle's centre (leverStart); obs[7:11] the handle mesh
 * geom's rotation (the lever's times a quarter turn about x), x, y, z, w. Success: the lever
 * within pi/24 of straight up (turned -1.44 to -1.70 rad), at any step of the 500. Reward
 * (Meta-World's v2, max 10): 10 x the soft AND of ready_to_lift (tolerance(|(hand + (0, 0.055,
 * 0.07) - handle) scaled 4, 1, 4|, inside 0.02, margin the same from the TCP's start to the
 * handle's start)) and in_place (tolerance(handle-goal distance, inside 0.04, margin the
 * handle's start distance from the goal)).
 *
 * Differs from Meta-World: the robot's base and the hand's start (above); the lever's up stop at -pi and its mass
 * (lever-object.ts: the XML's [0, 1.57] range does not hold against the hand in MuJoCo, measured);
 * cylinders and the ball are boxes.
 */
import { type Vec3, vec3 } from '../../math/vec3.js';
import { pose } from '../../math/pose.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { LEVER_AXIS, LEVER_HANDLE_TURN, LEVER_START, addLever, placeLever } from './lever-object.js';
import { hamacherProduct } from './gripper-caging.js';
import { handPosition } from './metaworld-hand.js';
import { tolerance } from './tolerance.js';

const SHOULDER: Readonly<Vec3> = { x: 0, y: 0.055, z: 0.07 };
const SCALE: Readonly<Vec3> = { x: 4, y: 1, z: 4 };
const LEVER_RADIUS = 0.2;

/** lever-pull-v3's info: success, the lever's error from straight up (rad), the scaled shoulder-handle distance. */
export interface LeverPullInfo extends StepInfo {
  lever_error: number;
  tcp_to_obj: number;
  /** That scaled distance under 0.03. */
  near_object: boolean;
}

/** Meta-World's lever-pull-v3 on the Panda placed for Meta-World. */
export class LeverPullV3 extends ArticulatedTask<LeverPullInfo> {
  readonly id = 'lever-pull-v3';
  private readonly point = vec3();
  private readonly hand = vec3();
  private readonly lever = pose();
  private readonly base = pose();

  constructor() {
    super({
      object: 'lever',
      handInit: { x: 0, y: 0.4, z: 0.15 },
      objLow: { x: -0.1, y: 0.7, z: 0 },
      objHigh: { x: 0.1, y: 0.8, z: 0 },
      site: LEVER_START,
      goalBox: { low: { x: -0.5, y: 0.4, z: -0.15 }, high: { x: 0.5, y: 1, z: 0.5 } },
      quat: { order: 'xyzw', offset: LEVER_HANDLE_TURN },
    });
  }

  loadScene(scene: Scene): void {
    addLever(scene);
  }

  evaluate(world: TaskWorld): LeverPullInfo {
    const p = this.observed(world, this.point);
    const h = handPosition(world.tcp, this.hand);
    const q = world.objectPose('lever', this.lever).q;
    const b = world.objectPose('lever-base', this.base).q;
    // The lever's turn about x relative to its upright stand: Meta-World's LeverAxis qpos.
    const rx = b.w * q.x - b.x * q.w - b.y * q.z + b.z * q.y;
    const rw = b.w * q.w + b.x * q.x + b.y * q.y + b.z * q.z;
    const angle = 2 * Math.atan2(rx, rw);
    const error = Math.abs(-angle - Math.PI / 2);
    const toLever = shoulderDistance(h, p);
    return { success: error <= Math.PI / 24, lever_error: error, tcp_to_obj: toLever, near_object: toLever < 0.03 };
  }

  denseReward(world: TaskWorld, info: LeverPullInfo): number {
    const p = this.observed(world, this.point);
    const b = this.baseAt;
    const g = this.goal;
    const start = { x: b.x + LEVER_AXIS.x, y: b.y - LEVER_RADIUS, z: b.z + LEVER_AXIS.z };
    const ready = tolerance(info.tcp_to_obj, 0, 0.02, shoulderDistance(this.tcpInit, start));
    const inPlace = tolerance(Math.hypot(p.x - g.x, p.y - g.y, p.z - g.z), 0, 0.04, Math.hypot(start.x - g.x, start.y - g.y, start.z - g.z));
    return 10 * hamacherProduct(ready, inPlace);
  }

  protected arrange(scene: Scene): void {
    placeLever(scene, this.baseAt, 0);
    const b = this.baseAt;
    this.goal.x = b.x + LEVER_AXIS.x;
    this.goal.y = b.y;
    this.goal.z = b.z + LEVER_AXIS.z + LEVER_RADIUS;
  }
}

// Meta-World's shoulder (the hand + SHOULDER) to a point, x, y, z scaled by SCALE.
function shoulderDistance(hand: Vec3, p: Vec3): number {
  return Math.hypot(SCALE.x * (hand.x + SHOULDER.x - p.x), SCALE.y * (hand.y + SHOULDER.y - p.y), SCALE.z * (hand.z + SHOULDER.z - p.z));
}
