/**
 * button-press-wall-v3 (Meta-World): press the button that faces the robot, with a low wall
 * between the hand's start and the box.
 *
 * Scene: button-press-v3's box and the XML's wall (wall-object.ts BUTTON_WALL: x 0 to 0.2, y 0.59
 * to 0.61, up to 0.15 m). Reset: the hand at (0, 0.5, 0.2), open (PANDA_HAND_INIT_NEAR); the
 * box's position uniform in [-0.05, 0.05] x [0.85, 0.9] x [0.1149, 0.1151], the button out; the
 * goal is the hole site, that position + (0, -0.1, 0). Observation as button-press-v3's.
 * Success: the observed point's y within 0.03 m of the goal's (pressed 0.063 m), at any step of
 * the 500. Reward (Meta-World's v2, max 10): beyond 0.07 m of the point, 2 x the soft AND of
 * (1 - obs[3]) / 2 and near; within it, 2 + 2 x (1 + obs[3]) + 4 x pressed²; near =
 * tolerance(TCP-point distance, inside 0.01, margin the point's distance from the TCP's start),
 * pressed = tolerance(point-goal y gap, inside 0.005, margin 0.0935).
 *
 * Differs from Meta-World: as button-press-v3 (hand start, BUTTON_STOP, boxes for cylinders), and
 * the wall stops objects but not the kinematic arm (wall-object.ts); the expert goes over it.
 */
import type { Scene } from '../../sim/scene.js';
import type { TaskWorld } from '../task-world.js';
import type { ButtonPressInfo } from './button-press-topdown.js';
import { PRESS_MARGIN, ButtonPressV3 } from './button-press.js';
import { hamacherProduct } from './gripper-caging.js';
import { gripperDistanceApart } from './metaworld-frames.js';
import { tolerance } from './tolerance.js';
import { BUTTON_WALL, addWall } from './wall-object.js';

/** Meta-World's button-press-wall-v3 on the Panda placed for Meta-World. */
export class ButtonPressWallV3 extends ButtonPressV3 {
  override readonly id = 'button-press-wall-v3';
  protected override readonly successDistance = 0.03;

  constructor() {
    super({ x: -0.05, y: 0.85, z: 0.1149 }, { x: 0.05, y: 0.9, z: 0.1151 });
  }

  override loadScene(scene: Scene): void {
    super.loadScene(scene);
    addWall(scene, BUTTON_WALL);
  }

  override denseReward(world: TaskWorld, info: ButtonPressInfo): number {
    const p = this.observed(world, this.point);
    const ti = this.tcpInit;
    const opening = gripperDistanceApart(world);
    const pressed = tolerance(info.obj_to_target, 0, 0.005, PRESS_MARGIN);
    if (info.tcp_to_obj <= 0.07) return 2 + 2 * (1 + opening) + 4 * pressed * pressed;
    const near = tolerance(info.tcp_to_obj, 0, 0.01, Math.hypot(p.x - ti.x, p.y - ti.y, p.z - ti.z));
    return 2 * hamacherProduct((1 - opening) / 2, near);
  }
}
