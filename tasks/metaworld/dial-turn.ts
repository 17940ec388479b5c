/**
 * dial-turn-v3 (Meta-World): turn a dial a quarter turn or more.
 *
 * Scene: Meta-World's dial (dial-object.ts). Reset: the hand at (0, 0.6, 0.2), open; the dial's
 * position uniform in [-0.1, 0.1] x [0.7, 0.8] x {0}, turned 0; the goal is that position + (0,
 * 0.03, 0.03), inside Meta-World's goal_space [-0.1, 0.1] x [0.73, 0.83] x [0.0299, 0.0301]. The
 * observed point is 0.05 m out from the dial's axis along the knob's -y at the base's height;
 * obs[7:11] the base's raw xquat, (1, 0, 0, 0). Success: the point within 0.07 m of the goal (the
 * knob turned 1.369 rad or more either way), at any step of the 500. Reward (Meta-World's v2, max
 * 10): 10 x the soft AND of reach and in_place; reach = the soft AND of a gaussian
 * tolerance(the TCP's distance to the push point, the observed point + (0.05, 0.02, 0.09), inside
 * 0.005, margin that distance at the start less 0.005) and the gripper effort clipped to [0, 1];
 * in_place = tolerance(point-goal distance, inside 0.07, margin the start push point's distance
 * from the goal less 0.07).
 *
 * Differs from Meta-World: the observed point's centre is the dial body's origin, Meta-World's
 * get_body_com("dial"), which MuJoCo 3.3.8 (mujoco-js, on the XML) puts 0.7 m behind the dial:
 * the body has no mass and its inertial frame is compiled at its XML position, (0, 0.7, 0), which
 * the reset's move of the body adds to (as coffee-push-v3's mug); the knob's cylinder is a box;
 * the base has a 1 mm stand-in box.
 */
import { vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { DIAL_POINT, addDial, placeDial } from './dial-object.js';
import { hamacherProduct } from './gripper-caging.js';
import { gaussianTolerance, tolerance } from './tolerance.js';

const TARGET_RADIUS = 0.07;
const REACH_RADIUS = 0.005;
const PUSH_POINT = { x: 0.05, y: 0.02, z: 0.09 };

/** dial-turn-v3's info: success, the point's distance to the goal, the TCP's distance to the push point. */
export interface DialTurnInfo extends StepInfo {
  obj_to_target: number;
  tcp_to_obj: number;
  /** The TCP within 0.01 m of the push point. */
  near_object: boolean;
}

/** Meta-World's dial-turn-v3 on the Panda placed for Meta-World. */
export class DialTurnV3 extends ArticulatedTask<DialTurnInfo> {
  readonly id = 'dial-turn-v3';
  private readonly point = vec3();

  constructor() {
    super({
      object: 'dial',
      handInit: { x: 0, y: 0.6, z: 0.2 },
      objLow: { x: -0.1, y: 0.7, z: 0 },
      objHigh: { x: 0.1, y: 0.8, z: 0 },
      site: DIAL_POINT,
      goalBox: { low: { x: -0.1, y: 0.73, z: 0.0299 }, high: { x: 0.1, y: 0.83, z: 0.0301 } },
      quat: { order: 'upright' },
    });
  }

  loadScene(scene: Scene): void {
    addDial(scene);
  }

  evaluate(world: TaskWorld): DialTurnInfo {
    const p = this.observed(world, this.point);
    const t = world.tcp.p;
    const g = this.goal;
    const toTarget = Math.hypot(p.x - g.x, p.y - g.y, p.z - g.z);
    const tcpToPush = Math.hypot(p.x + PUSH_POINT.x - t.x, p.y + PUSH_POINT.y - t.y, p.z + PUSH_POINT.z - t.z);
    return { success: toTarget <= TARGET_RADIUS, obj_to_target: toTarget, tcp_to_obj: tcpToPush, near_object: tcpToPush <= 0.01 };
  }

  denseReward(_world: TaskWorld, info: DialTurnInfo, action: ArrayLike<number>): number {
    const o = this.objInit;
    const g = this.goal;
    const t = this.tcpInit;
    const push = { x: o.x + PUSH_POINT.x, y: o.y + PUSH_POINT.y, z: o.z + PUSH_POINT.z };
    const inPlace = tolerance(info.obj_to_target, 0, TARGET_RADIUS, Math.abs(Math.hypot(push.x - g.x, push.y - g.y, push.z - g.z) - TARGET_RADIUS));
    const near = gaussianTolerance(info.tcp_to_obj, 0, REACH_RADIUS, Math.abs(Math.hypot(push.x - t.x, push.y - t.y, push.z - t.z) - REACH_RADIUS));
    const closed = Math.min(Math.max(action[action.length - 1] ?? 0, 0), 1);
    return 10 * hamacherProduct(hamacherProduct(near, closed), inPlace);
  }

  protected arrange(scene: Scene): void {
    placeDial(scene, this.baseAt, 0);
    this.goal.x = this.baseAt.x;
    this.goal.y = this.baseAt.y + 0.03;
    this.goal.z = this.baseAt.z + 0.03;
  }
}
