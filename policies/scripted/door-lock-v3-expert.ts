import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// The lock as the expert needs it (door-object.ts): the goal sits at the hinge + (0, -0.04,
// -0.1); the observed site at (0.09, 0.01) along and above the bar in its frame, 0.04 m in front
// of the hinge, and the bar's centre line 0.016 m behind the site; the bar's top 0.01 m above its
// axis.
const HINGE_FROM_GOAL = { y: 0.04, z: 0.1 };
const SITE = { along: 0.09, up: 0.01 };
const BAR_FROM_SITE_Y = 0.016;
const BAR_TOP = 0.01;
// Press the bar's top this far along it with the inner (+y) finger of the open gripper: the TCP
// 0.065 m in front of the bar's centre line puts that finger (0.04 to 0.06 m from the TCP) over
// the bar's front half, and the palm, 0.1 m either side of the TCP along y, in front of the door.
const PRESS_AT = 0.07;
const FINGER_IN_FRONT = 0.055;
const FINGER_BELOW_TCP = 0.01;
const ABOVE = 0.08;
const RISE_TO = 0.3;
const BACK_OFF = 0.1;
const PRESS = 0.005;
const LEAD = 0.15;
const TOLERANCE = 0.008;
const SLOW_FROM = 0.03;
const SLOW_GAIN = 0.1;
// Turned this far (success from 1.196 rad; the stop at 1.57), stop pressing.
const TURNED = 1.4;

const enum Phase {
  Rise,
  Above,
  Descend,
  Press,
  Hold,
}

/**
 * A scripted expert for door-lock-v3 in Meta-World's 4-d action, in the phases of Meta-World's
 * policy: with the gripper open, back off and rise (the hand starts below the lock), come over
 * the lock's bar, go down onto its end and press it down round its hinge until it is turned, and
 * hold. Meta-World's presses with the hand centred on the bar; the Panda's palm, 0.2 m long
 * across the fingers, would reach into the door, so this one presses with the inner finger of
 * the open gripper and follows the bar round its arc (its angle from the observed site about the
 * hinge, which the observed goal places). Reads hand_pos, obj_pose and goal_pos.
 */
export class DoorLockExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const site = this.obj(o, b);
    const goal = this.goal(o, b);
    const hinge = { x: goal[0], z: goal[2] + HINGE_FROM_GOAL.z };
    const angle = Math.atan2(hinge.z - site[2], site[0] - hinge.x) + Math.atan2(SITE.up, SITE.along);
    const y = site[1] + BAR_FROM_SITE_Y - FINGER_IN_FRONT;
    // The TCP with the finger's bottom `gap` above the bar's top, PRESS_AT along it, the bar at `a` rad.
    const onBar = (a: number, gap: number): Xyz => [
      hinge.x + PRESS_AT * Math.cos(a) + BAR_TOP * Math.sin(a),
      y,
      hinge.z - PRESS_AT * Math.sin(a) + BAR_TOP * Math.cos(a) + FINGER_BELOW_TCP + gap,
    ];
    let aim: Xyz = tcp;
    let gain = 0.5;
    switch (this.phase[e] as Phase) {
      case Phase.Rise:
        aim = [tcp[0], tcp[1] - BACK_OFF, RISE_TO];
        if (tcp[2] > RISE_TO - 0.05) this.phase[e] = Phase.Above;
        break;
      case Phase.Above:
        aim = onBar(angle, ABOVE);
        if (Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1]) < TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        aim = onBar(angle, 0);
        // The last few centimetres slowly: struck at the full 1 cm a step, the 1 g lock is flung past its stop.
        if (tcp[2] - aim[2] < SLOW_FROM) gain = SLOW_GAIN;
        if (Math.abs(aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Press;
        break;
      case Phase.Press:
        aim = onBar(angle + LEAD, -PRESS);
        if (angle >= TURNED) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        break;
    }
    this.moveToward(aim, tcp, -1, out, at, gain);
  }
}
