import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// The lock as the expert needs it (door-object.ts): the goal sits at the hinge + (0.1, -0.04, 0);
// the observed site at (0.09, -0.01) along and below the bar's axis in its frame.
const HINGE_FROM_GOAL: Readonly<Xyz> = [-0.1, 0.04, 0];
const SITE_ANGLE = Math.atan2(0.01, 0.09);
// The palm (0.043 to 0.103 m above the TCP, 0.025 m either side of it in x, 0.1 m in y) pushes
// the hanging bar toward +x with its front top edge 0.025 m below the hinge: it meets the bar's
// underside further out as the bar comes up, and at 0.055 m past the hinge holds it near 0.3 rad.
// With the TCP 0.092 m in front of the hinge in y the palm's front end is at the door's face and
// the fingers pass in front of the bar.
const PALM_TOP = 0.1034;
const PALM_HALF_X = 0.025;
const TCP_BELOW_HINGE = 0.025 + PALM_TOP;
const TCP_IN_FRONT = 0.092;
const START_BEHIND = 0.045;
const PUSH_TO = 0.055;
const PUSH_GAIN = 0.15;
const TOLERANCE = 0.008;
// Turned back this far (success at 0.377 rad or less), stop.
const TURNED = 0.3;

const enum Phase {
  Side,
  Down,
  Push,
  Hold,
}

/**
 * A scripted expert for door-unlock-v3 in Meta-World's 4-d action, in the phases of Meta-World's
 * policy: with the gripper shut, come round to the hanging lock's -x side below its hinge, then
 * push it toward +x until it is turned back up, and hold. Meta-World's pushes the bar's end with
 * the hand; the Panda's palm, 0.2 m long across the fingers, would sweep the bar wherever the
 * fingers reach it, so this one pushes with the palm's front, low enough that it meets the bar's
 * underside as the bar comes up. Reads hand_pos, obj_pose and goal_pos.
 */
export class DoorUnlockExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const site = this.obj(o, b);
    const goal = this.goal(o, b);
    const hinge: Xyz = [goal[0] + HINGE_FROM_GOAL[0], goal[1] + HINGE_FROM_GOAL[1], goal[2] + HINGE_FROM_GOAL[2]];
    const angle = Math.atan2(hinge[2] - site[2], site[0] - hinge[0]) - SITE_ANGLE;
    const start: Xyz = [hinge[0] - START_BEHIND - PALM_HALF_X, hinge[1] - TCP_IN_FRONT, hinge[2] - TCP_BELOW_HINGE];
    let aim: Xyz = tcp;
    let gain = 0.5;
    switch (this.phase[e] as Phase) {
      case Phase.Side:
        aim = [start[0], tcp[1], tcp[2]];
        if (Math.abs(aim[0] - tcp[0]) < TOLERANCE) this.phase[e] = Phase.Down;
        break;
      case Phase.Down:
        aim = start;
        if (Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1], aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Push;
        break;
      case Phase.Push:
        aim = [hinge[0] + PUSH_TO - PALM_HALF_X, start[1], start[2]];
        gain = PUSH_GAIN;
        if (angle <= TURNED) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        break;
    }
    this.moveToward(aim, tcp, 1, out, at, gain);
  }
}
