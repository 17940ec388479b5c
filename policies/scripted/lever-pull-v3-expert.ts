import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// The lever as the expert needs it (lever-object.ts): the goal is the handle straight up, 0.2 m
// above the axis; the handle, a ball of radius 0.03, is the observed point.
const RADIUS = 0.2;
const BALL = 0.03;
// The Panda's palm: its top 0.1034 m above the TCP, exposed beyond link 7 (0.045 m about the
// TCP's axis) out to its end 0.1 m along y; its +y end face spans 0.043 to 0.103 m above the TCP.
const PALM_TOP = 0.1034;
const PALM_END = 0.1;
const PALM_MID = 0.073;
// Lift the ball on the palm's top this far along y from the TCP, then push it on with the palm's end.
const SHELF = 0.08;
const GAP = 0.01;
const BACK_OFF = 0.02;
const PRESS = 0.005;
const LEAD = 0.2;
const TOLERANCE = 0.008;
// Lift until this far up (rad), then push round to this (success: pi/2 within pi/24).
const LIFTED = 1.1;
const UP = 1.52;

const enum Phase {
  Under,
  Lift,
  Back,
  Rise,
  Push,
  Hold,
}

/**
 * A scripted expert for lever-pull-v3 in Meta-World's 4-d action, in the phases of Meta-World's
 * policy: go under the lever's handle and push it up and over toward the stand until it stands
 * straight up. Meta-World's lifts the handle with the Sawyer's "shoulder"; the Panda's fingers
 * hang under its palm, so this one lifts the ball on the palm's exposed top end, following it
 * round its arc (the angle from the observed handle about the axis, which the observed goal
 * places), and once the lever is steep backs off and pushes the ball on with the palm's end face,
 * holding when it is up. Reads hand_pos, obj_pose and goal_pos.
 */
export class LeverPullExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const ball = this.obj(o, b);
    const goal = this.goal(o, b);
    const axis = { y: goal[1], z: goal[2] - RADIUS };
    const up = Math.atan2(ball[2] - axis.z, axis.y - ball[1]);
    // The ball's centre with the lever `a` rad up.
    const ballAt = (a: number) => ({ y: axis.y - RADIUS * Math.cos(a), z: axis.z + RADIUS * Math.sin(a) });
    let aim: Xyz = tcp;
    switch (this.phase[e] as Phase) {
      case Phase.Under: {
        aim = [ball[0], ball[1] - SHELF, ball[2] - BALL - PALM_TOP - GAP];
        // Low (no higher than the start), first line up in y, then slide in x, and only then rise
        // under the ball: link 7 stands over the palm's middle, and link 6 reaches 0.05 m in front
        // of the TCP at 0.16 m above it.
        const low = Math.min(tcp[2], aim[2]);
        // (The y line-up is loose: low and near the hand box's y = 0.4 the arm is near the edge of its reach.)
        if (Math.abs(aim[1] - tcp[1]) > 2 * TOLERANCE && this.counter[e] === 0) aim = [tcp[0], aim[1], low];
        else if (Math.abs(aim[0] - tcp[0]) > TOLERANCE) {
          this.counter[e] = 1;
          aim = [aim[0], aim[1], low];
        }
        if (Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1], aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Lift;
        break;
      }
      case Phase.Lift: {
        const c = ballAt(up + LEAD);
        aim = [ball[0], c.y - SHELF, c.z - BALL - PALM_TOP + PRESS];
        if (up >= LIFTED) this.phase[e] = Phase.Back;
        break;
      }
      case Phase.Back:
        aim = [ball[0], ball[1] - BALL - PALM_END - BACK_OFF, tcp[2]];
        if (Math.abs(aim[1] - tcp[1]) < TOLERANCE) this.phase[e] = Phase.Rise;
        break;
      case Phase.Rise:
        aim = [ball[0], ball[1] - BALL - PALM_END - BACK_OFF, ball[2] - PALM_MID];
        if (Math.abs(aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Push;
        break;
      case Phase.Push: {
        const c = ballAt(Math.min(up + LEAD, Math.PI / 2));
        aim = [ball[0], c.y - BALL - PALM_END + PRESS, c.z - PALM_MID];
        if (up >= UP) this.phase[e] = Phase.Hold;
        break;
      }
      case Phase.Hold:
        break;
    }
    this.moveToward(aim, tcp, 1, out, at);
  }
}
