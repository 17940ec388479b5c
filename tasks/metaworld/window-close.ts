/**
 * window-close-v3 (Meta-World): slide an open window's sash shut by its handle.
 *
 * Scene: Meta-World's window (window-object.ts). Reset: the hand at (0, 0.5, 0.2), open
 * (Meta-World's (0, 0.4, 0.2) is out of the Panda's reach pointing down: PANDA_HAND_INIT_NEAR);
 * the frame's position uniform in {0} x [0.75, 0.9] x {0.2}, the sash open 0.2 m; the goal is
 * that position. The observed point is the XML's handleCloseStart site (the sash's origin +
 * (0.01, -0.095, 0)); obs[7:11] are zeros. Success: that point's x within 0.05 m of the goal's
 * (the sash open 0.04 m or less; shut, it is 0.01 m off), at any step of the 500. Reward
 * (Meta-World's v2, max 10; WindowTask): in place's start gap is the handle's, 0.21 m, reach's
 * sigmoid the gaussian.
 */
import type { Scene } from '../../sim/scene.js';
import { PANDA_HAND_INIT_NEAR } from './metaworld-hand.js';
import { HANDLE_CLOSE_START, WINDOW_TRAVEL, placeWindow } from './window-object.js';
import { WindowTask } from './window-task.js';

/** Meta-World's window-close-v3 on the Panda placed for Meta-World. */
export class WindowCloseV3 extends WindowTask {
  readonly id = 'window-close-v3';

  constructor() {
    super(
      { handInit: PANDA_HAND_INIT_NEAR, objLow: { x: 0, y: 0.75, z: 0.2 }, objHigh: { x: 0, y: 0.9, z: 0.2 }, site: HANDLE_CLOSE_START },
      { startGap: HANDLE_CLOSE_START.x + WINDOW_TRAVEL, reachSigmoid: 'gaussian' },
    );
  }

  protected arrange(scene: Scene): void {
    placeWindow(scene, this.baseAt, WINDOW_TRAVEL);
    this.goal.x = this.baseAt.x;
    this.goal.y = this.baseAt.y;
    this.goal.z = this.baseAt.z;
  }
}
