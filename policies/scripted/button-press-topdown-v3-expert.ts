import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// Heights are the TCP's. The shut fingertips reach about 1 cm below the TCP, and the observed
// point is the button cap's top (1 mm under it).
const FINGERTIPS = 0.011;
const ABOVE = 0.06;
const XY_TOLERANCE = 0.006;
// Press until the cap's top is this far above the goal (success: within 0.024 m of it; the
// button's stop lets it reach 1 mm below).
const PRESS_TO = 0.006;

const enum Phase {
  Above,
  Press,
}

/**
 * A scripted expert for button-press-topdown-v3 in Meta-World's 4-d action, in the phases of
 * Meta-World's policy: with the gripper shut, over the button, then straight down on it, pressing
 * it until its top is near the goal height and holding it there. Reads hand_pos, obj_pose and
 * goal_pos.
 */
export class ButtonPressTopdownExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const top = this.obj(o, b);
    const goal = this.goal(o, b);
    let aim: Xyz = [top[0], top[1], top[2] + FINGERTIPS + ABOVE];
    if (this.phase[e] === Phase.Above && Math.hypot(top[0] - tcp[0], top[1] - tcp[1]) < XY_TOLERANCE) this.phase[e] = Phase.Press;
    if (this.phase[e] === Phase.Press) aim = [top[0], top[1], goal[2] + PRESS_TO + FINGERTIPS];
    this.moveToward(aim, tcp, 1, out, at);
  }
}
