import type { BoxSpace } from '../../tasks/space.js';
import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

/** Which way a faucet expert turns the lever: +1 toward +x (faucet-open), -1 toward -x (faucet-close), and the site it observes (x in the lever's frame). */
export interface FaucetTurn {
  side: 1 | -1;
  siteX: number;
}

export const FAUCET_OPEN: FaucetTurn = { side: 1, siteX: -0.015 };
export const FAUCET_CLOSE: FaucetTurn = { side: -1, siteX: 0.015 };

// The faucet as the expert needs it (faucet-object.ts): the goal sits 0.175 m along x from the
// hinge, the observed site 0.175 m out along the lever; the lever's half width and height.
const GOAL_FROM_HINGE = 0.175;
const SITE_OUT = 0.175;
const LEVER_HALF_WIDTH = 0.017;
const LEVER_HEIGHT = 0.125;
// Push the lever this far out from the hinge, with the TCP at the lever's height (the shut
// fingers span 1 cm below to 3.5 cm above it; the palm, 4.3 cm up, clears the faucet's 0.145 m).
const PUSH_AT = 0.15;
const ABOVE = 0.06;
const STANDOFF = 0.015;
const PRESS = 0.005;
const LEAD = 0.25;
const TOLERANCE = 0.008;
// The fingers' half widths across and along the gripper (the world's x and y).
const HALF_X = 0.01;
const HALF_Y = 0.02;
// Turned this far (success: 1.374 open, 1.26 shut; the stops at 1.57), stop pushing.
const TURNED = 1.47;

const enum Phase {
  Above,
  Descend,
  Push,
  Hold,
}

/**
 * A scripted expert for faucet-open-v3 and faucet-close-v3 in Meta-World's 4-d action, in the
 * phases of Meta-World's policies: with the gripper shut, come over the lever's side, go down to
 * it and push it round toward the goal. Meta-World's pushes toward a point past the lever's end;
 * this one follows the lever round its arc (the angle from the observed site about the hinge,
 * which the observed goal places) and stops once it is turned past the success angle. Reads
 * hand_pos, obj_pose and goal_pos.
 */
export class FaucetExpert extends MetaWorldExpert {
  private readonly siteAngle: number;

  constructor(observationSpace: BoxSpace, private readonly turn: FaucetTurn) {
    super(observationSpace);
    this.siteAngle = Math.atan2(-SITE_OUT, turn.siteX);
  }

  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const site = this.obj(o, b);
    const goal = this.goal(o, b);
    const side = this.turn.side;
    const hinge = [goal[0] - side * GOAL_FROM_HINGE, goal[1]];
    const angle = Math.atan2(site[1] - hinge[1]!, site[0] - hinge[0]!) - this.siteAngle;
    // Where the TCP goes to push at `a` rad, `gap` m behind the lever's side that leads the turn.
    const pushAt = (a: number, gap: number, z: number): Xyz => {
      const u = [Math.sin(a), -Math.cos(a)];
      const d = [side * Math.cos(a), side * Math.sin(a)];
      const back = LEVER_HALF_WIDTH + HALF_X * Math.abs(d[0]!) + HALF_Y * Math.abs(d[1]!) + gap;
      return [hinge[0]! + PUSH_AT * u[0]! - back * d[0]!, hinge[1]! + PUSH_AT * u[1]! - back * d[1]!, z];
    };
    let aim: Xyz = tcp;
    switch (this.phase[e] as Phase) {
      case Phase.Above:
        aim = pushAt(angle, STANDOFF, LEVER_HEIGHT + ABOVE);
        if (Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1]) < TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        aim = pushAt(angle, STANDOFF, LEVER_HEIGHT);
        if (Math.abs(aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Push;
        break;
      case Phase.Push:
        aim = pushAt(angle + side * LEAD, -PRESS, LEVER_HEIGHT);
        if (side * angle >= TURNED) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        break;
    }
    this.moveToward(aim, tcp, 1, out, at);
  }
}
