/**
 * plate-slide-side-v3 (Meta-World): slide the plate (a puck) sideways, along -x, into the goal net.
 *
 * Scene: Meta-World's puck on its slides from (0, 0.6, 0.015) and the net at (-0.3, 0.6, 0),
 * turned so its mouth faces +x (sawyer_plate_slide_sideway.xml; puck-object.ts). Reset: the hand
 * at (0, 0.6, 0.2), open; the puck at its slides' zero; the goal uniform in [-0.3, -0.25] x
 * [0.54, 0.66] x {0} (the net stays: Meta-World moves only a copy of its position). Success: the
 * puck's centre within 0.07 m of the goal, at any step of the 500. Reward: plate-slide-task.ts,
 * obj_init (0, 0.6, 0).
 *
 * Differs from Meta-World: as plate-slide-v3. The goals lie past the XML's x stop (-0.2), which
 * Meta-World's hand pushes the puck through (PUCK_X_RANGE); the Panda's hand, 0.2 m long across
 * the net's mouth, cannot follow the puck in, so its expert pushes it at full speed and lets it
 * coast on into the net, past the goals' x (to -0.282 m).
 */
import { PlateSlideTask } from './plate-slide-task.js';
import { NET_SIDEWAYS } from './puck-object.js';

/** Meta-World's plate-slide-side-v3 on the Panda placed for Meta-World. */
export class PlateSlideSideV3 extends PlateSlideTask {
  readonly id = 'plate-slide-side-v3';

  constructor() {
    super({
      goalLow: { x: -0.3, y: 0.54, z: 0 },
      goalHigh: { x: -0.25, y: 0.66, z: 0 },
      puckStart: { x: 0, y: 0 },
      net: { at: { x: -0.3, y: 0.6, z: 0 }, q: NET_SIDEWAYS },
      objInit: { x: 0, y: 0.6, z: 0 },
    });
  }
}
