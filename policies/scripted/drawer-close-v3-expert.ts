import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// Heights are the TCP's (the observed hand less HAND_TCP_OFFSET).
// The handle bar's centre from drawer-close's observed point (the drawer's origin + (0, -0.16,
// 0.05)): 1 cm behind it and 5 cm below.
const BAR = { y: 0.01, z: -0.05 };
// Come down this far in front of the bar (Meta-World's policy: 0.075 m), from this high above it.
const FRONT = 0.06;
const ABOVE = 0.12;
const XY_TOLERANCE = 0.01;
const Z_TOLERANCE = 0.008;
// Push toward a point this far past the bar.
const PUSH_LEAD = 0.06;
// Stop once the observed point is within this of the goal in y (shut, it is 0.01 m short):
// pushing on, the fingers pressed against the stopped drawer spring back and kick it open.
const SHUT_SHORT_OF_GOAL = 0.015;

const enum Phase {
  Above,
  Descend,
  Push,
  Hold,
}

/**
 * A scripted expert for drawer-close-v3 in Meta-World's 4-d action, in the phases of Meta-World's
 * policy: gripper shut (+1), up and over to a point in front of the handle, down to the handle's
 * height, then push it in and hold still once it is shut. Reads hand_pos, obj_pose and
 * goal_pos.
 */
export class DrawerCloseExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const bar = this.obj(o, b, [0, BAR.y, BAR.z]);
    const front: Xyz = [bar[0], bar[1] - FRONT, bar[2]];
    let aim: Xyz = [front[0], front[1], bar[2] + ABOVE];
    switch (this.phase[e] as Phase) {
      case Phase.Above:
        // Rise first when the hand is not clear of the drawer's height.
        if (tcp[2]! < bar[2]! + ABOVE / 2 && Math.hypot(front[0]! - tcp[0]!, front[1]! - tcp[1]!) > XY_TOLERANCE) aim = [tcp[0], tcp[1], bar[2] + ABOVE];
        if (Math.hypot(front[0]! - tcp[0]!, front[1]! - tcp[1]!) < XY_TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        aim = front;
        if (Math.abs(tcp[2]! - bar[2]!) < Z_TOLERANCE) this.phase[e] = Phase.Push;
        break;
      case Phase.Push:
        aim = [bar[0], bar[1] + PUSH_LEAD, bar[2]];
        if (this.obj(o, b)[1] > this.goal(o, b)[1] - SHUT_SHORT_OF_GOAL) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        aim = tcp;
        break;
    }
    this.moveToward(aim, tcp, 1, out, at);
  }
}
