/**
 * plate-slide-back-side-v3 (Meta-World): slide the plate (a puck) sideways, along +x, out of the goal net.
 *
 * Scene: Meta-World's puck on its slides from (0, 0.6, 0.015) and the net at (-0.25, 0.6, 0),
 * turned so its mouth faces +x (sawyer_plate_slide_sideway.xml, the net moved to the rand_vec's
 * object part; puck-object.ts). Reset: the hand at (0, 0.6, 0.2), open; the puck at slide
 * positions (-0.15, 0), at (-0.15, 0.6), its far half in the net's mouth; the goal uniform in
 * [-0.05, 0.15] x {0.6} x {0.015}. Success: the puck's centre within 0.07 m of the goal, at any
 * step of the 500. Reward: plate-slide-task.ts, obj_init (-0.25, 0.6, 0).
 *
 * Differs from Meta-World: as plate-slide-v3. As Meta-World's policy does, the expert presses on
 * the puck's top and drags it.
 */
import { PlateSlideTask } from './plate-slide-task.js';
import { NET_SIDEWAYS } from './puck-object.js';

/** Meta-World's plate-slide-back-side-v3 on the Panda placed for Meta-World. */
export class PlateSlideBackSideV3 extends PlateSlideTask {
  readonly id = 'plate-slide-back-side-v3';

  constructor() {
    super({
      goalLow: { x: -0.05, y: 0.6, z: 0.015 },
      goalHigh: { x: 0.15, y: 0.6, z: 0.015 },
      puckStart: { x: -0.15, y: 0 },
      net: { at: { x: -0.25, y: 0.6, z: 0 }, q: NET_SIDEWAYS },
      objInit: { x: -0.25, y: 0.6, z: 0 },
    });
  }
}
