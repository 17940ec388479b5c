import { MetaWorldExpert, type Xyz } from './metaworld-expert.js';

// The TCP's lowest heights near the wall (top 0.12 m, far face y 0.76). The shut fingers reach
// 0.0105 m below the TCP; the Panda's hand collider starts 0.043 m above it and spans 0.1 m
// either side along y, so it is over the wall until the TCP is 0.86 m out.
const FINGERS_CLEAR = 0.14;
const HAND_CLEAR = 0.085;
// Past this y the fingers are beyond the wall's far face.
const PAST_WALL = 0.785;

/**
 * A scripted expert for reach-wall-v3 in Meta-World's 4-d action, after Meta-World's policy
 * (head for the goal, climbing while the hand could run into the wall): toward the goal with
 * the fingers kept over the wall until past it, then down to the goal, no lower than the hand's
 * collider clears the wall (within 0.05 m of the lowest goals). The gripper stays shut to keep
 * the fingers narrow. Reads hand_pos and goal_pos.
 */
export class ReachWallExpert extends MetaWorldExpert {
  protected actOne(o: Float32Array, b: number, _e: number, out: Float32Array, at: number): void {
    const tcp = this.tcp(o, b);
    const goal = this.goal(o, b);
    const floor = tcp[1] < PAST_WALL ? FINGERS_CLEAR : HAND_CLEAR;
    const aim: Xyz = [goal[0], goal[1], Math.max(goal[2], floor)];
    // Climb before crossing: no y progress while the fingers are still below the wall's top.
    if (tcp[1] < PAST_WALL && tcp[2] < FINGERS_CLEAR - 0.005) aim[1] = tcp[1];
    this.moveToward(aim, tcp, 1, out, at);
  }
}
