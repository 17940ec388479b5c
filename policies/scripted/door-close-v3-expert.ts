import { doorOpening, onDoor } from './door-frame.js';
import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// The hinge's offset from the goal (the goal is the safe + (0.2, -0.2, 0), the hinge the safe +
// (-0.185, -0.1, 0): door-object.ts).
const HINGE_FROM_GOAL = { x: -0.385, y: 0.1 };
// Push the door's front this far out along it from the hinge, with the TCP this high: the shut
// fingers (1 cm below the TCP to 3.5 cm above it) press the top 2 cm of the door (0.273 m) while
// the palm, 4.3 cm above the TCP and 0.2 m long across the fingers, passes over both the door
// and the safe's top (0.30 m) as the door turns under it.
const PUSH_AT = 0.25;
const PUSH_HEIGHT = 0.262;
// The fingers' half widths across and along the gripper (x and y of the hand's frame, the world's).
const HALF_X = 0.01;
const HALF_Y = 0.02;
// Stand off the door's face this far while coming over, and press this far into it, leading
// the door by LEAD rad.
const STANDOFF = 0.05;
const PRESS = 0.005;
const LEAD = 0.2;
const TOLERANCE = 0.01;
// Shut enough (success: the handle within 0.08 m of the goal, about 0.2 rad): stop there.
const SHUT = 0.03;

const enum Phase {
  Over,
  Push,
  Hold,
}

/**
 * A scripted expert for door-close-v3 in Meta-World's 4-d action, in the phases of Meta-World's
 * policy: with the gripper shut, rise above the handle (as the arm comes in from the hand's
 * start at the edge of its reach) over to the open door's front (the handle's side), then push the door round toward the goal until it
 * is shut, and hold. Meta-World's policy pushes toward the goal point; this one follows the
 * door's face round its arc (the door's angle comes from the observed handle point about the
 * hinge, which the observed goal places), so that the Panda's long palm stays above the door.
 * Reads hand_pos, obj_pose and goal_pos.
 */
export class DoorCloseExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const handle = this.obj(o, b);
    const goal = this.goal(o, b);
    const hinge: Xyz = [goal[0] + HINGE_FROM_GOAL.x, goal[1] + HINGE_FROM_GOAL.y, handle[2]];
    const open = doorOpening(handle, hinge);
    // The fingers' extent along the door's normal, which turns from world x (open) to world y (shut).
    const half = HALF_X * Math.abs(Math.sin(open)) + HALF_Y * Math.abs(Math.cos(open));
    let aim: Xyz = tcp;
    switch (this.phase[e] as Phase) {
      case Phase.Over:
        aim = onDoor(hinge, { x: PUSH_AT, y: -half - STANDOFF }, open, PUSH_HEIGHT);
        if (Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1], aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Push;
        break;
      case Phase.Push:
        aim = onDoor(hinge, { x: PUSH_AT, y: -half + PRESS }, Math.max(0, open - LEAD), PUSH_HEIGHT);
        if (open < SHUT) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        break;
    }
    this.moveToward(aim, tcp, 1, out, at);
  }
}
