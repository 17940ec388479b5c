import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// Heights are the TCP's (the observed hand less HAND_TCP_OFFSET).
// The handle bar's centre from drawer-open's observed point (the drawer's origin + (0, -0.16,
// 0)): 1 cm behind it.
const BAR = { y: 0.01, z: 0 };
const ABOVE = 0.1;
// Hold the TCP this far above the bar (the finger boxes still cover it). The Panda's palm, 20 cm
// long in y, also catches the top of the drawer's front wall (0.06 m above the bar), longer
// than the fingers, and pulls the drawer by it as well.
const HOOK_HEIGHT = 0.012;
const XY_TOLERANCE = 0.008;
const Z_TOLERANCE = 0.006;
// Pull toward a point this far in front of the bar (Meta-World's policy aims 0.06 m past it).
const PULL_LEAD = 0.06;
// Stop once the observed point is within this of the goal in y (success is 0.03 m, which the
// drawer reaches at its stop, 0.16 m out): pulling on, a finger pressed against the stopped bar springs back and kicks the
// drawer shut.
const OPEN_SHORT_OF_GOAL = 0.0295;

const enum Phase {
  Above,
  Descend,
  Pull,
  Hold,
}

/**
 * A scripted expert for drawer-open-v3 in Meta-World's 4-d action, in the phases of Meta-World's
 * policy: over the handle, down to it with the gripper open (the open fingers straddle the bar
 * along y), then pull toward a point in front of it, holding still once the drawer is fully out;
 * the rear finger hooks the bar. Reads hand_pos, obj_pose and goal_pos.
 */
export class DrawerOpenExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const bar = this.obj(o, b, [0, BAR.y, BAR.z + HOOK_HEIGHT]);
    const offXy = Math.hypot(bar[0]! - tcp[0]!, bar[1]! - tcp[1]!);
    let aim: Xyz = [bar[0], bar[1], bar[2] + ABOVE];
    switch (this.phase[e] as Phase) {
      case Phase.Above:
        if (offXy < XY_TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        aim = bar;
        if (Math.abs(tcp[2]! - bar[2]!) < Z_TOLERANCE) this.phase[e] = Phase.Pull;
        break;
      case Phase.Pull:
        aim = [bar[0], bar[1] - PULL_LEAD, bar[2]];
        if (this.obj(o, b)[1] < this.goal(o, b)[1] + OPEN_SHORT_OF_GOAL) this.phase[e] = Phase.Hold;
        break;
      case Phase.Hold:
        aim = tcp;
        break;
    }
    this.moveToward(aim, tcp, -1, out, at);
  }
}
