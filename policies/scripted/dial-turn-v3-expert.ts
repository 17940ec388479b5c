import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// The dial as the expert needs it (dial-object.ts): the goal sits at the axis + (0, 0.03, 0.03);
// the observed point 0.05 m out along the knob's -y; its bar, 0.015 m half wide, up to 0.066 m.
const AXIS_FROM_GOAL = { x: 0, y: -0.03 };
const POINT_OUT = 0.05;
const BAR_HALF_WIDTH = 0.015;
// Push the bar's end this far out from the axis with the TCP this high: the shut fingers (1 cm
// below it to 3.5 cm above) clear the disc (0.036 m) and meet the bar; the palm (4.3 cm up)
// passes over it.
const PUSH_AT = 0.035;
const PUSH_HEIGHT = 0.05;
const ABOVE = 0.06;
const STANDOFF = 0.015;
const PRESS = 0.005;
const LEAD = 0.3;
const TOLERANCE = 0.008;
const HALF_X = 0.01;
const HALF_Y = 0.02;
// Turned this far the negative way (success from 1.369 rad either way), stop.
const TURNED = 1.6;

const enum Phase {
  Above,
  Descend,
  Push,
  Hold,
}

/**
 * A scripted expert for dial-turn-v3 in Meta-World's 4-d action, in the phases of Meta-World's
 * policy: with the gripper shut, come over the side of the knob's bar near its observed end, go
 * down to it and push it round (the negative way, as Meta-World's pushes toward -x), following
 * the bar's end round its arc (its angle from the observed point about the axis, which the
 * observed goal places), and hold once it is turned past the success angle. Reads hand_pos,
 * obj_pose and goal_pos.
 */
export class DialTurnExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const point = this.obj(o, b);
    const goal = this.goal(o, b);
    const axis = [goal[0] + AXIS_FROM_GOAL.x, goal[1] + AXIS_FROM_GOAL.y];
    // The point is the axis + 0.05 (sin a, -cos a).
    const angle = Math.atan2((point[0] - axis[0]!) / POINT_OUT, -(point[1] - axis[1]!) / POINT_OUT);
    const pushAt = (a: number, gap: number, z: number): Xyz => {
      const u = [Math.sin(a), -Math.cos(a)];
      // The bar's end moves along -(cos a, sin a) as the knob turns the negative way.
      const d = [-Math.cos(a), -Math.sin(a)];
      const back = BAR_HALF_WIDTH + HALF_X * Math.abs(d[0]!) + HALF_Y * Math.abs(d[1]!) + gap;
      return [axis[0]! + PUSH_AT * u[0]! - back * d[0]!, axis[1]! + PUSH_AT * u[1]! - back * d[1]!, z];
    };
    let aim: Xyz = tcp;
    switch (this.phase[e] as Phase) {
      case Phase.Above:
        aim = pushAt(angle, STANDOFF, PUSH_HEIGHT + ABOVE);
        if (Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1]) < TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        aim = pushAt(angle, STANDOFF, PUSH_HEIGHT);
        if (Math.abs(aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Push;
        break;
      case Phase.Push:
        aim = pushAt(angle - LEAD, -PRESS, PUSH_HEIGHT);
        if (angle <= -TURNED) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        break;
    }
    this.moveToward(aim, tcp, 1, out, at);
  }
}
