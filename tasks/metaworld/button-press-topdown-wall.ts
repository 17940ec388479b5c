/**
 * button-press-topdown-wall-v3 (Meta-World): button-press-topdown-v3 with a low wall between the
 * hand's start and the box.
 *
 * Scene: button-press-topdown-v3's box and the XML's wall (wall-object.ts BUTTON_TOPDOWN_WALL:
 * x 0 to 0.2, y 0.69 to 0.71, up to 0.15 m). Reset, observation and success as
 * button-press-topdown-v3's (box in [-0.1, 0.1] x [0.8, 0.9] x {0.115}; the cap's top within
 * 0.024 m of the hole site's height). Reward (Meta-World's v2, max 10): as
 * button-press-topdown-v3's but the gripper term is max(obs[3], 0) (an open hand pays), where
 * the top-down task's is 1 - obs[3].
 *
 * Differs from Meta-World: as button-press-topdown-v3 (hand start, BUTTON_STOP, boxes for
 * cylinders), and the wall stops objects but not the kinematic arm (wall-object.ts); the expert
 * passes over it.
 */
import type { Scene } from '../../sim/scene.js';
import { ButtonPressTopdownV3 } from './button-press-topdown.js';
import { BUTTON_TOPDOWN_WALL, addWall } from './wall-object.js';

/** Meta-World's button-press-topdown-wall-v3 on the Panda placed for Meta-World. */
export class ButtonPressTopdownWallV3 extends ButtonPressTopdownV3 {
  override readonly id = 'button-press-topdown-wall-v3';

  override loadScene(scene: Scene): void {
    super.loadScene(scene);
    addWall(scene, BUTTON_TOPDOWN_WALL);
  }

  protected override closedTerm(opening: number): number {
    return Math.max(opening, 0);
  }
}
