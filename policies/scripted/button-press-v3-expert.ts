import type { BoxSpace } from '../../tasks/space.js';
import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// The TCP's offsets from the observed point (the cap's face). Below the cap's centre so that the
// shut fingers' lower ends press it and the hand stays clear of the box's top; in front of the
// face by the fingers' half thickness while lining up.
const BELOW = 0.02;
const IN_FRONT = 0.06;
const TOLERANCE = 0.01;
// Press until the face is this far beyond the goal in y (success: within 0.02 m of it; the stop
// lets it reach 6 mm beyond).
const PRESS_TO = 0.004;
const FINGER_HALF_THICKNESS = 0.012;

// With a wall in front (button-press-wall-v3): cross it with the TCP this high, and come down
// this near the face (the wall's far side is at most 0.047 m in front of the face).
const OVER_WALL = 0.255;
const IN_FRONT_OF_WALL = 0.024;
// The Panda's hand collider spans 0.1 m either side of the TCP along y and starts 0.0435 m above
// it: over the wall (up to 0.15 m) the TCP stays at the cap's centre height, 1 cm above the
// lowest it may go, and presses with the fingers' upper part.
const BELOW_OVER_WALL = -0.002;

/** Where the TCP presses a button: how far below its observed point, and how far beyond the goal it takes the face, m. */
export interface ButtonFit {
  below: number;
  pressTo: number;
  /** Keep the TCP at least this far in front of the face until it is lined up in x and z (the palm reaches 0.1 m ahead of it). */
  lineUpFrom?: number;
}

/** button-press-v3's: the shut fingers' lower ends 2 cm below the cap's centre, the face taken just past the goal. */
export const BUTTON_PRESS_FIT: ButtonFit = { below: BELOW, pressTo: PRESS_TO };

/**
 * coffee-button-v3's: the fingers' lower 1.5 cm on the button's top rim (the TCP 0.027 m above
 * its centre), so that the palm, 0.2 m long along the press, passes over the machine's frame
 * (0.334 to 0.370 m) instead of into it; the face taken to 0.01 m short of the goal (the button
 * pressed 0.02 m of its 0.03 m; success at 0.01), clear of its stop.
 */
export const COFFEE_BUTTON_FIT: ButtonFit = { below: -0.027, pressTo: -0.018, lineUpFrom: 0.12 };

const enum Phase {
  Line,
  Press,
  Over,
  Down,
}

/**
 * A scripted expert for button-press-v3 (and its wall variant) in Meta-World's 4-d action, in
 * the phases of Meta-World's policy: with the gripper shut, line the hand up in front of the
 * button (x and z), then push straight in along +y until the button's face is just past the goal
 * and hold it there. Reads hand_pos, obj_pose and goal_pos.
 */
export class ButtonPressExpert extends MetaWorldExpert {
  /**
   * @param observationSpace the env's flat observation space.
   * @param overWall whether a wall stands between the hand and the button: then the hand crosses
   *   it high, comes down just in front of the button and presses. The gripper stays shut
 *   (Meta-World's policy opens it to press): the Panda's fingers open along y, and the rear one
 *   would swing back into the wall.
   */
  constructor(observationSpace: BoxSpace, private readonly overWall = false, private readonly fit: ButtonFit = BUTTON_PRESS_FIT) {
    super(observationSpace);
  }

  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const face = this.obj(o, b);
    const goal = this.goal(o, b);
    if (this.overWall && this.phase[e] === Phase.Line) this.phase[e] = Phase.Over;
    if (this.phase[e] === Phase.Over || this.phase[e] === Phase.Down) {
      const high: Xyz = [face[0], face[1] - IN_FRONT_OF_WALL, OVER_WALL];
      const low: Xyz = [face[0], face[1] - IN_FRONT_OF_WALL, face[2] - BELOW_OVER_WALL];
      if (this.phase[e] === Phase.Over && Math.hypot(high[0] - tcp[0], high[1] - tcp[1]) < TOLERANCE) this.phase[e] = Phase.Down;
      if (this.phase[e] === Phase.Down && Math.abs(low[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Press;
      else return this.moveToward(this.phase[e] === Phase.Over ? high : low, tcp, 1, out, at);
    }
    const { below, pressTo, lineUpFrom } = this.fit;
    let aim: Xyz = [face[0], face[1] - IN_FRONT, face[2] - below];
    if (lineUpFrom !== undefined && this.phase[e] === Phase.Line && Math.hypot(aim[0] - tcp[0], aim[2] - tcp[2]) > TOLERANCE) aim[1] = Math.min(tcp[1], face[1] - lineUpFrom);
    if (this.phase[e] === Phase.Line && Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1], aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Press;
    if (this.phase[e] === Phase.Press) aim = [face[0], goal[1] + pressTo - FINGER_HALF_THICKNESS, face[2] - (this.overWall ? BELOW_OVER_WALL : below)];
    this.moveToward(aim, tcp, 1, out, at);
  }
}
