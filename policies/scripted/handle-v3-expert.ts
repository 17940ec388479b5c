import type { BoxSpace } from '../../tasks/space.js';
import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// Heights are the TCP's; the fingertips reach 1 cm below it, the finger boxes 3.5 cm above.
const FINGERTIP = 0.01;
const ABOVE = 0.06;
const XY_TOLERANCE = 0.004;
const Z_TOLERANCE = 0.004;
// Pressing: the site (on the grip's top) is pushed to this far above the goal site (success:
// within 0.02 m), short of the handle's stop (0.097 m down), where the hand would squeeze the
// handle against it.
const PRESS_TO = 0.006;
// Pulling: close on the grip (or lever) for this many steps, then lift it to this far below
// its top (success: within 0.042 m of it).
const CLOSE_STEPS = 12;
const PULL_SHORT = 0.005;

const enum Phase {
  Above,
  Down,
  Close,
  Move,
}

/** What a handle expert does: press the grip down, or grasp and pull it up, and where it grips from the observed site. */
export interface HandleAction {
  mode: 'press' | 'pull';
  /** The point the TCP goes to, from the observed site (m, world axes). */
  grip: Xyz;
  /** Pulling: how far below the goal site the observed site is with the handle at its top, m. */
  topBelowGoal?: number;
  /** The gripper effort it holds with. */
  squeeze: number;
}

/** handle-press-v3 and handle-press-side-v3: the site is on the grip's top; press it with the shut fingertips. */
export const HANDLE_PRESS: HandleAction = { mode: 'press', grip: [0, 0, FINGERTIP], squeeze: 1 };
/** handle-pull-v3: the site is near the grip's +x end, 14 mm above its axis; the open fingers straddle the grip's middle. */
export const HANDLE_PULL: HandleAction = { mode: 'pull', grip: [-0.05, 0, -0.014], topBelowGoal: 0.008, squeeze: 1 };
/** handle-pull-side-v3: the site is the lever's middle; the open fingers straddle the lever (6.4 cm wide along y). */
export const HANDLE_PULL_SIDE: HandleAction = { mode: 'pull', grip: [0, 0, 0], topBelowGoal: 0.022, squeeze: 1 };

/**
 * A scripted expert for Meta-World's handle tasks in its 4-d action, in the phases of Meta-World's
 * policies: over the handle, down to it, then press it down with the shut fingers; or, to pull
 * it, straddle the grip (or the lever) with the open fingers, shut them on it and lift it to its
 * top. The Panda's fingers grip where the Sawyer's hook under the grip. Reads hand_pos, obj_pose
 * and goal_pos.
 */
export class HandleExpert extends MetaWorldExpert {
  /**
   * @param observationSpace the env's flat observation space.
   * @param action HANDLE_PRESS, HANDLE_PULL or HANDLE_PULL_SIDE.
   */
  constructor(observationSpace: BoxSpace, private readonly action: HandleAction) {
    super(observationSpace);
  }

  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const { mode, grip } = this.action;
    const tcp = this.tcp(o, b);
    const place = this.obj(o, b, grip);
    const goal = this.goal(o, b);
    const press = mode === 'press';
    let gripper = press ? 1 : -1;
    let aim = this.overThenDown(e, place, tcp, place[2] + ABOVE, press ? Phase.Move : Phase.Close, XY_TOLERANCE, Z_TOLERANCE) ?? place;
    switch (this.phase[e] as Phase) {
      case Phase.Close:
        aim = place;
        gripper = this.action.squeeze;
        if (++this.counter[e]! >= CLOSE_STEPS) this.phase[e] = Phase.Move;
        break;
      case Phase.Move: {
        // The site's height at the end: PRESS_TO above the press goal, or the handle PULL_SHORT
        // below its top.
        const siteEnd = press ? goal[2] + PRESS_TO : goal[2] - (this.action.topBelowGoal ?? 0) - PULL_SHORT;
        aim = [place[0], place[1], siteEnd + grip[2]];
        gripper = this.action.squeeze;
        break;
      }
    }
    this.moveToward(aim, tcp, gripper, out, at, press ? 0.5 : 0.3);
  }
}
