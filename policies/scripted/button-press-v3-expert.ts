import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// The TCP's offsets from the observed point (the cap's face). Below the cap's centre so that the
// shut fingers' lower ends press it and the hand stays clear of the box's top; in front of the
// face by the fingers' half thickness while lining up.
const BELOW = 0.02;
const IN_FRONT = 0.06;
const TOLERANCE = 0.01;
// Press until the face is this far beyond the goal in y (success: within 0.02 m of it; the stop
// lets it reach 6 mm beyond).
const PRESS_TO = 0.004;
const FINGER_HALF_THICKNESS = 0.012;

const enum Phase {
  Line,
  Press,
}

/**
 * A scripted expert for button-press-v3 (and its wall variant) in Meta-World's 4-d action, in
 * the phases of Meta-World's policy: with the gripper shut, line the hand up in front of the
 * button (x and z), then push straight in along +y until the button's face is just past the goal
 * and hold it there. Reads hand_pos, obj_pose and goal_pos.
 */
export class ButtonPressExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const face = this.obj(o, b);
    const goal = this.goal(o, b);
    let aim: Xyz = [face[0], face[1] - IN_FRONT, face[2] - BELOW];
    if (this.phase[e] === Phase.Line && Math.hypot(aim[0] - tcp[0], aim[1] - tcp[1], aim[2] - tcp[2]) < TOLERANCE) this.phase[e] = Phase.Press;
    if (this.phase[e] === Phase.Press) aim = [face[0], goal[1] + PRESS_TO - FINGER_HALF_THICKNESS, face[2] - BELOW];
    this.moveToward(aim, tcp, 1, out, at);
  }
}
