/**
 * plate-slide-back-v3 (Meta-World): slide the plate (a puck) out of the goal net, back toward the robot.
 *
 * Scene: Meta-World's puck on its slides from (0, 0.6, 0.015) and the net at (0, 0.85, 0)
 * (sawyer_plate_slide.xml; puck-object.ts). Reset: the hand at (0, 0.6, 0.2), open; the puck at
 * slide positions (0, 0.15), at (0, 0.75), its back half in the net's mouth; the goal uniform in
 * [-0.1, 0.1] x {0.6} x {0.015} (the net stays). Success: the puck's centre within 0.07 m of the
 * goal, at any step of the 500. Reward: plate-slide-task.ts, obj_init (0, 0.85, 0).
 *
 * Differs from Meta-World: as plate-slide-v3. As Meta-World's policy does, the expert presses on
 * the puck's top and drags it.
 */
import { PlateSlideTask } from './plate-slide-task.js';

/** Meta-World's plate-slide-back-v3 on the Panda placed for Meta-World. */
export class PlateSlideBackV3 extends PlateSlideTask {
  readonly id = 'plate-slide-back-v3';

  constructor() {
    super({
      goalLow: { x: -0.1, y: 0.6, z: 0.015 },
      goalHigh: { x: 0.1, y: 0.6, z: 0.015 },
      puckStart: { x: 0, y: 0.15 },
      net: { at: { x: 0, y: 0.85, z: 0 } },
      objInit: { x: 0, y: 0.85, z: 0 },
    });
  }
}
