/**
 * handle-press-side-v3 (Meta-World): press a handle down, the handle press turned sideways.
 *
 * As handle-press-v3 (handle-press.ts), with the XML's box turned 1.57 rad about z
 * (sawyer_handle_press_sideways.xml: the lever points along +x, the grip 0.216 m out along x)
 * and the box's position uniform in [-0.35, -0.25] x [0.65, 0.75] x [-0.001, 0.001]; the goal is
 * clipped to the hand box (its goal_space).
 */
import { HandlePressV3 } from './handle-press.js';

/** Meta-World's handle-press-side-v3 on the Panda placed for Meta-World. */
export class HandlePressSideV3 extends HandlePressV3 {
  override readonly id = 'handle-press-side-v3';

  constructor() {
    super({ objLow: { x: -0.35, y: 0.65, z: -0.001 }, objHigh: { x: -0.25, y: 0.75, z: 0.001 }, sideways: true });
  }
}
