/**
 * button-press-topdown-v3 (Meta-World): press a button down into its box from above.
 *
 * Scene: Meta-World's button box (button-object.ts), the button sliding along z. Reset: the hand
 * at (0, 0.5, 0.2), open (Meta-World's is 0.1 m nearer the robot, which the Panda placed for
 * Meta-World cannot reach pointing down: PANDA_HAND_INIT_NEAR); the box's position uniform in [-0.1, 0.1] x [0.8, 0.9] x {0.115}, the
 * button up; the goal is the XML's hole site, that position + (0, 0, 0.1). The observed point is
 * the button's origin + (0, 0, 0.193) (the top of its cap); obs[7:11] is the box's rotation in
 * MuJoCo's w, x, y, z order, as Meta-World reads the button body's xquat raw. Success: the
 * observed point's height within 0.024 m of the goal's (the button pressed 0.069 m, past the
 * XML's 0.06 m stop: see BUTTON_STOP), at any step of the 500. Reward (Meta-World's v2, max 10):
 * 5 x the soft AND of (1 - obs[3]) and near, plus 5 x pressed while the TCP is within 0.03 m of
 * the point; near = tolerance(TCP-point distance, inside 0.01, margin the point's distance from
 * the TCP's start), pressed = tolerance(point-goal height gap, inside 0.005, margin the gap from
 * the XML's buttonStart site, 0.0935).
 *
 * Differs from Meta-World: the hand's start (above); the stop at 0.094 m instead of the XML's
 * 0.06 m (BUTTON_STOP: the depth MuJoCo's soft limit gives under the hand); the box upright with
 * its parts in world axes (the XML's turn is 0.8 mrad short of a right angle); cylinders are
 * boxes; the joint's armature is left out.
 */
import { vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { StepInfo } from '../env.js';
import type { TaskWorld } from '../task-world.js';
import { ArticulatedTask } from './articulated-task.js';
import { BUTTON_BOX_TURN, addButtonBox, placeButtonBox } from './button-object.js';
import { hamacherProduct } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { PANDA_HAND_INIT_NEAR } from './metaworld-hand.js';
import { tolerance } from './tolerance.js';

const SUCCESS_DISTANCE = 0.024;
// The hole site and the buttonStart site above the box's origin.
const HOLE = 0.1;
const BUTTON_START = 0.1935;

/** button-press-topdown-v3's info: success, the button top's height gap to the goal, the TCP's distance to it. */
export interface ButtonPressInfo extends StepInfo {
  obj_to_target: number;
  tcp_to_obj: number;
  /** The TCP within 0.05 m of the observed point. */
  near_object: boolean;
}

/** Meta-World's button-press-topdown-v3 on the Panda placed for Meta-World. */
export class ButtonPressTopdownV3 extends ArticulatedTask<ButtonPressInfo> {
  readonly id: string = 'button-press-topdown-v3';
  private readonly point = vec3();

  constructor() {
    super({
      object: 'button',
      handInit: PANDA_HAND_INIT_NEAR,
      objLow: { x: -0.1, y: 0.8, z: 0.115 },
      objHigh: { x: 0.1, y: 0.9, z: 0.115 },
      site: { x: 0, y: 0, z: 0.193 },
      quat: { order: 'wxyz', offset: BUTTON_BOX_TURN },
    });
  }

  loadScene(scene: Scene): void {
    addButtonBox(scene);
  }

  evaluate(world: TaskWorld): ButtonPressInfo {
    const p = this.observed(world, this.point);
    const t = world.tcp.p;
    const toTarget = Math.abs(this.goal.z - p.z);
    const tcpToObj = Math.hypot(p.x - t.x, p.y - t.y, p.z - t.z);
    return { success: toTarget <= SUCCESS_DISTANCE, obj_to_target: toTarget, tcp_to_obj: tcpToObj, near_object: tcpToObj <= 0.05 };
  }

  denseReward(world: TaskWorld, info: ButtonPressInfo): number {
    const p = this.observed(world, this.point);
    const ti = this.tcpInit;
    // Meta-World's margin is the current point's distance from the TCP's start.
    const near = tolerance(info.tcp_to_obj, 0, 0.01, Math.hypot(p.x - ti.x, p.y - ti.y, p.z - ti.z));
    const pressed = tolerance(info.obj_to_target, 0, 0.005, BUTTON_START - HOLE);
    const closed = this.closedTerm(gripperDistanceApart(world));
    return 5 * hamacherProduct(closed, near) + (info.tcp_to_obj <= 0.03 ? 5 * pressed : 0);
  }

  /** The reward's gripper term from obs[3] (Meta-World's tcp_closed: 1 - obs[3] here). */
  protected closedTerm(opening: number): number {
    return 1 - opening;
  }

  protected arrange(scene: Scene): void {
    placeButtonBox(scene, this.baseAt);
    const b = this.baseAt;
    this.goal.x = b.x;
    this.goal.y = b.y;
    this.goal.z = b.z + HOLE;
  }
}
