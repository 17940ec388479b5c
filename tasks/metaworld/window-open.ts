/**
 * window-open-v3 (Meta-World): slide a window's sash open by its handle.
 *
 * Scene: Meta-World's window (window-object.ts), the sash sliding 0.2 m along +x. Reset: the
 * hand at (0, 0.5, 0.2), open (Meta-World's (0, 0.4, 0.2) is out of the Panda's reach pointing
 * down: PANDA_HAND_INIT_NEAR); the frame's position uniform in [-0.1, 0.1] x [0.7, 0.9] x {0.16},
 * the sash shut; the goal is that position + (0.2, 0, 0). The observed point is the XML's
 * handleOpenStart site (the sash's origin + (-0.04, -0.095, 0)); obs[7:11] are zeros. Success:
 * that point's x within 0.05 m of the goal's (the sash 0.19 m or more open), at any step of the
 * 500. Reward (Meta-World's v2, max 10; WindowTask): in place's start gap is the frame's 0.2 m to
 * the goal (Meta-World's obj_init_pos, not the handle), reach's sigmoid the long tail.
 */
import type { Scene } from '../../sim/scene.js';
import { PANDA_HAND_INIT_NEAR } from './metaworld-hand.js';
import { HANDLE_OPEN_START, placeWindow } from './window-object.js';
import { WindowTask } from './window-task.js';

/** Meta-World's window-open-v3 on the Panda placed for Meta-World. */
export class WindowOpenV3 extends WindowTask {
  readonly id = 'window-open-v3';

  constructor() {
    super(
      { handInit: PANDA_HAND_INIT_NEAR, objLow: { x: -0.1, y: 0.7, z: 0.16 }, objHigh: { x: 0.1, y: 0.9, z: 0.16 }, site: HANDLE_OPEN_START },
      { startGap: 0.2, reachSigmoid: 'long_tail' },
    );
  }

  protected arrange(scene: Scene): void {
    placeWindow(scene, this.baseAt, 0);
    this.goal.x = this.baseAt.x + 0.2;
    this.goal.y = this.baseAt.y;
    this.goal.z = this.baseAt.z;
  }
}
