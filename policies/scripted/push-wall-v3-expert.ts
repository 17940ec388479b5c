import { PickPlaceExpert } from './pick-place-v3-expert.js';

// The wall of push-wall-v3 and pick-place-wall-v3 runs from x = -0.02 to 0.22 at y 0.74 to 0.76.
// Past its end the held cylinder (radius 0.02) and the Panda's hand collider (0.025 m either side
// in x) clear it at this x; beyond this y the hand collider (0.1 m either side in y) has cleared
// its far face, and the hand may come down to the goal.
const ROUND_X = -0.085;
const PAST_Y = 0.875;
const NEAR = 0.01;

/**
 * A scripted expert for push-wall-v3 in Meta-World's 4-d action, after Meta-World's policy: grasp
 * the cylinder as pick-place's expert does (1.2 cm short of its centre in y) and carry it low round the wall's left end (out to
 * x = -0.085, forward past the wall, then over to the goal), set it down at the goal or, for goals
 * nearer the wall than the hand allows, up to 0.025 m beyond it (within the 0.07 m success).
 */
export class PushWallExpert extends PickPlaceExpert {
  // The hand collider reaches 0.1 m in +y from the TCP; with the cylinder up to y = 0.65 it would
  // come down 1 cm into the wall's near face (0.74): grasp 1.2 cm short of the centre instead
  // (the open fingers span 8 cm; shutting pulls the cylinder in).
  protected override readonly graspDy = -0.012;

  protected override carryTo(ox: number, oy: number, gx: number, gy: number, gz: number): [number, number, number] {
    const y = Math.max(gy, PAST_Y);
    if (oy < PAST_Y - NEAR && ox > ROUND_X + NEAR) return [ROUND_X, oy, gz];
    if (oy < PAST_Y - NEAR) return [ROUND_X, y, gz];
    return [gx, y, gz];
  }
}
