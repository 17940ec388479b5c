import type { BoxSpace } from '../../tasks/space.js';
import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

/**
 * A bar that turns about a vertical axis (a faucet's lever, a dial's knob) as an expert pushes
 * it: where its axis is from the observed goal, where its observed point sits on it, and how the
 * expert pushes. At angle 0 the bar points along -y; a positive angle swings it toward +x.
 */
export interface BarTurn {
  /** +1: push it the positive way; -1: the negative way. */
  side: 1 | -1;
  /** The axis's xy less the observed goal's. */
  axisFromGoal: { x: number; y: number };
  /** The observed point's xy about the axis with the bar at angle 0. */
  point: { x: number; y: number };
  /** Push this far out along the bar from the axis, with the TCP at this height, m. */
  pushAt: number;
  height: number;
  /** The bar's half width, m. */
  halfWidth: number;
  /** Stop once turned this far (rad, the pushing way). */
  turned: number;
}

const ABOVE = 0.06;
const STANDOFF = 0.015;
const PRESS = 0.005;
const TOLERANCE = 0.008;
// The shut fingers' half widths across and along the gripper (the world's x and y).
const HALF_X = 0.01;
const HALF_Y = 0.02;

const enum Phase {
  Above,
  Descend,
  Push,
  Hold,
}

/**
 * A scripted expert that turns a bar about a vertical axis in Meta-World's 4-d action, in the
 * phases of Meta-World's faucet and dial policies: with the gripper shut, come over the bar's side
 * that leads the turn, go down to it and push it round, following it round its arc (its angle
 * from the observed point about the axis, which the observed goal places) with a lead of `lead`
 * rad, and hold once it is turned far enough. Meta-World's push toward a point past the bar.
 * Reads hand_pos, obj_pose and goal_pos.
 */
export class BarTurnExpert extends MetaWorldExpert {
  private readonly pointAngle: number;

  constructor(observationSpace: BoxSpace, private readonly bar: BarTurn, private readonly lead: number) {
    super(observationSpace);
    this.pointAngle = Math.atan2(bar.point.y, bar.point.x);
  }

  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const point = this.obj(o, b);
    const goal = this.goal(o, b);
    const { side, pushAt: along, height, halfWidth } = this.bar;
    const axis = [goal[0] + this.bar.axisFromGoal.x, goal[1] + this.bar.axisFromGoal.y];
    // Wrapped to (-pi, pi]: the dial's point passes behind its axis (atan2's cut) at -pi/2.
    const raw = Math.atan2(point[1] - axis[1]!, point[0] - axis[0]!) - this.pointAngle;
    const angle = raw - 2 * Math.PI * Math.round(raw / (2 * Math.PI));
    // The TCP `gap` behind the bar's leading side, `along` m out along it, the bar at `a` rad.
    const pushAt = (a: number, gap: number, z: number): Xyz => {
      const u = [Math.sin(a), -Math.cos(a)];
      const d = [side * Math.cos(a), side * Math.sin(a)];
      const back = halfWidth + HALF_X * Math.abs(d[0]!) + HALF_Y * Math.abs(d[1]!) + gap;
      return [axis[0]! + along * u[0]! - back * d[0]!, axis[1]! + along * u[1]! - back * d[1]!, z];
    };
    let aim: Xyz = tcp;
    switch (this.phase[e] as Phase) {
      case Phase.Above:
        aim = pushAt(angle, STANDOFF, height + ABOVE);
        if (Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1]) < TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        aim = pushAt(angle, STANDOFF, height);
        if (Math.abs(aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Push;
        break;
      case Phase.Push:
        aim = pushAt(angle + side * this.lead, -PRESS, height);
        if (side * angle >= this.bar.turned) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        break;
    }
    this.moveToward(aim, tcp, 1, out, at);
  }
}
