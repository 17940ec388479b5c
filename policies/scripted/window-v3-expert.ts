import type { BoxSpace } from '../../tasks/space.js';
import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// Heights are the TCP's. The handle's bar is 16 mm thick and 10.6 cm tall about the observed
// point's height; the shut fingertips reach 1 cm below the TCP and the palm starts about 4.5 cm
// above it, so 2 cm under the handle's centre the fingers meet the bar and the palm passes
// under the handle's upper arm.
const PUSH_HEIGHT = -0.02;
// Push from this far beside the bar's centre (the fingers clear of it coming in), having come
// in from this far in front of it.
const SIDE = 0.035;
const FRONT = 0.07;
const TOLERANCE = 0.008;
// Aim this far past the bar while pushing.
const LEAD = 0.08;

const enum Phase {
  Approach,
  Insert,
  Push,
  Hold,
}

/** Which way a window expert slides the sash, and where its handle's bar is from the observed site. */
export interface WindowDirection {
  /** +1 opens (window-open: +x), -1 shuts (window-close). */
  sign: 1 | -1;
  /** The bar's centre from the observed handle site along x, m. */
  barFromSite: number;
  /** Hold still once the site's x is this close to the goal's, m. */
  doneGap: number;
}

/** window-open-v3: the site (handleOpenStart) 2.6 cm left of the bar; the sash fully open leaves a 0.04 m gap. */
export const WINDOW_OPEN: WindowDirection = { sign: 1, barFromSite: 0.026, doneGap: 0.043 };
/** window-close-v3: the site (handleCloseStart) 2.4 cm right of the bar; shut leaves 0.01 m. */
export const WINDOW_CLOSE: WindowDirection = { sign: -1, barFromSite: -0.024, doneGap: 0.02 };

/**
 * A scripted expert for window-open-v3 and window-close-v3 in Meta-World's 4-d action, in the
 * phases of Meta-World's policies: with the gripper shut, to a point in front of the handle and
 * beside it (the side it is pushed from), in beside its bar, then push the bar along x until
 * the sash is open (or shut), and back off in front of it. Reads hand_pos, obj_pose and goal_pos.
 */
export class WindowExpert extends MetaWorldExpert {
  /**
   * @param observationSpace the env's flat observation space, whose fields name the parts read.
   * @param direction which task: WINDOW_OPEN or WINDOW_CLOSE.
   */
  constructor(observationSpace: BoxSpace, private readonly direction: WindowDirection) {
    super(observationSpace);
  }

  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const { sign, barFromSite, doneGap } = this.direction;
    const tcp = this.tcp(o, b);
    const site = this.obj(o, b);
    const bar: Xyz = [site[0] + barFromSite, site[1], site[2] + PUSH_HEIGHT];
    const beside: Xyz = [bar[0] - sign * SIDE, bar[1], bar[2]];
    let aim: Xyz = tcp;
    switch (this.phase[e] as Phase) {
      case Phase.Approach:
        aim = [beside[0], beside[1] - FRONT, beside[2]];
        if (Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1], aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Insert;
        break;
      case Phase.Insert:
        aim = beside;
        if (Math.abs(beside[1] - tcp[1]) < TOLERANCE / 2) this.phase[e] = Phase.Push;
        break;
      case Phase.Push:
        aim = [bar[0] + sign * LEAD, bar[1], bar[2]];
        if (Math.abs(site[0] - this.goal(o, b)[0]) <= doneGap) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        // Back off in front of the handle: left touching the bar at the stop, the fingers keep
        // Rapier solving their contacts every step for the rest of the episode.
        aim = [tcp[0], bar[1] - FRONT, bar[2]];
        break;
    }
    this.moveToward(aim, tcp, 1, out, at);
  }
}
