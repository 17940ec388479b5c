/**
 * button-press-v3 (Meta-World): press a button that faces the robot into its box, along +y.
 *
 * Scene: Meta-World's button box not turned (sawyer_button_press.xml; button-object.ts), the
 * button sliding along y. Reset: the hand at (0, 0.5, 0.2), open (Meta-World's is 0.1 m nearer
 * the robot: PANDA_HAND_INIT_NEAR); the box's position uniform in [-0.1, 0.1] x [0.85, 0.9] x
 * {0.115}, the button out; the goal is the XML's hole site, that position + (0, -0.1, 0). The
 * observed point is the button's origin + (0, -0.193, 0) (the face of its cap); obs[7:11] is the
 * button body's xquat raw (w, x, y, z: 1, 0, 0, 0). Success: the observed point's y within 0.02 m
 * of the goal's (the button pressed 0.073 m, past the XML's 0.06 m stop: see BUTTON_STOP), at
 * any step of the 500. Reward (Meta-World's v2, max 10): 2 x the soft AND of max(obs[3], 0) and
 * near, plus 8 x pressed while the TCP is within 0.05 m of the point; near = tolerance(TCP-point
 * distance, inside 0.05, margin the point's distance from the TCP's start), pressed =
 * tolerance(point-goal y gap, inside 0.005, margin the gap from the XML's buttonStart site,
 * 0.0935).
 *
 * Differs from Meta-World: the hand's start (above); the stop at 0.094 m instead of the XML's
 * 0.06 m (BUTTON_STOP: the depth MuJoCo's soft limit gives under the hand, measured top-down and
 * taken to hold for this press too); cylinders are boxes; the joint's armature is left out.
 */
import { type Vec3, vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { TaskWorld } from '../task-world.js';
import { type ArticulatedSetup, ArticulatedTask } from './articulated-task.js';
import { addButtonBoxFacingRobot, placeButtonBox } from './button-object.js';
import type { ButtonPressInfo } from './button-press-topdown.js';
import { hamacherProduct } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { PANDA_HAND_INIT_NEAR } from './metaworld-hand.js';
import { tolerance } from './tolerance.js';

// The hole site and the buttonStart site in front of the box's origin (-y).
const HOLE = 0.1;
/** The y gap between the XML's hole and buttonStart sites (Meta-World's _obj_to_target_init), m. */
export const PRESS_MARGIN = 0.1935 - HOLE;

/** Meta-World's button-press-v3 on the Panda placed for Meta-World. */
export class ButtonPressV3 extends ArticulatedTask<ButtonPressInfo> {
  readonly id: string = 'button-press-v3';
  /** The point's y within this of the goal's is success, m. */
  protected readonly successDistance: number = 0.02;
  /** The observed point (obs[4:7]), world frame, written by evaluate(). */
  protected readonly point = vec3();

  /** The pressed reward's margin, m (the y gap from the button's face out to the goal). */
  protected readonly pressMargin: number = PRESS_MARGIN;

  /**
   * @param objLow, objHigh the box's reset box (button-press-v3's by default).
   * @param setup another button's object, observed point and goal box (coffee-button-v3's).
   */
  constructor(objLow: Vec3 = { x: -0.1, y: 0.85, z: 0.115 }, objHigh: Vec3 = { x: 0.1, y: 0.9, z: 0.115 }, setup: Partial<ArticulatedSetup> = {}) {
    super({ object: 'button', handInit: PANDA_HAND_INIT_NEAR, objLow, objHigh, site: { x: 0, y: -0.193, z: 0 }, quat: { order: 'wxyz' }, ...setup });
  }

  loadScene(scene: Scene): void {
    addButtonBoxFacingRobot(scene);
  }

  evaluate(world: TaskWorld): ButtonPressInfo {
    const p = this.observed(world, this.point);
    const t = world.tcp.p;
    const toTarget = Math.abs(this.goal.y - p.y);
    const tcpToObj = Math.hypot(p.x - t.x, p.y - t.y, p.z - t.z);
    return { success: toTarget <= this.successDistance, obj_to_target: toTarget, tcp_to_obj: tcpToObj, near_object: tcpToObj <= 0.05 };
  }

  denseReward(world: TaskWorld, info: ButtonPressInfo): number {
    const p = this.observed(world, this.point);
    const ti = this.tcpInit;
    // Meta-World's margin is the current point's distance from the TCP's start.
    const near = tolerance(info.tcp_to_obj, 0, 0.05, Math.hypot(p.x - ti.x, p.y - ti.y, p.z - ti.z));
    const pressed = tolerance(info.obj_to_target, 0, 0.005, this.pressMargin);
    const closed = Math.max(gripperDistanceApart(world), 0);
    return 2 * hamacherProduct(closed, near) + (info.tcp_to_obj <= 0.05 ? 8 * pressed : 0);
  }

  protected arrange(scene: Scene): void {
    placeButtonBox(scene, this.baseAt);
    const b = this.baseAt;
    this.goal.x = b.x;
    this.goal.y = b.y - HOLE;
    this.goal.z = b.z;
  }
}
