import { PhasedExpert, fieldOffsets } from './phased-expert.js';
import { HAND_TCP_OFFSET } from '../../tasks/metaworld/metaworld-hand.js';
import type { BoxSpace } from '../../tasks/space.js';

// Meta-World's action moves the hand 0.01 m per unit; close half the remaining distance a step.
// Heights below are the TCP's (the observed hand less HAND_TCP_OFFSET).
const STEP = 0.01;
const GAIN = 0.5;
const ABOVE = 0.08;
// The closed fingertips span about 2 cm above the TCP: pushing with the TCP this low puts the
// contact at the cylinder's centre of mass instead of above it, where it would topple.
// The TCP's floor is 5 mm (Meta-World's hand box): aim just above it.
const PUSH_HEIGHT = 0.006;
// Come down this far behind the cylinder's centre (clear of it), push with the TCP this far
// behind it (the closed fingers against its back).
const CLEAR = 0.055;
const CONTACT = 0.03;
const XY_TOLERANCE = 0.01;
const Z_TOLERANCE = 0.006;
// Aim this far past the contact point, and at most this fast, while pushing.
const LEAD = 0.02;
const PUSH_SPEED = 0.3;
// Off the push line by more than this, or level with the cylinder, the hand starts over.
const OFF_LINE = 0.015;
// With the cylinder this close to the goal (success is 0.05), lift off and stay clear.
const DONE = 0.025;

const enum Phase {
  Approach,
  Descend,
  Push,
}

/**
 * A scripted expert for push-v3 in Meta-World's 4-d action: with the gripper shut (+1), come
 * down behind the cylinder on the line from the goal through it, then push it along that line
 * (re-aimed every step) until it sits on the goal; a cylinder that veers off the line sends the
 * hand back up and around. Reads hand_pos, obj_pose and goal_pos.
 */
export class PushExpert extends PhasedExpert {
  /** dx, dy, dz, gripper. */
  override readonly actionDim = 4;
  private readonly at: { hand: number; obj: number; goal: number };

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.at = fieldOffsets(observationSpace, { hand: 'hand_pos', obj: 'obj_pose', goal: 'goal_pos' });
  }

  protected actOne(obs: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const hx = obs[b + this.at.hand]!;
    const hy = obs[b + this.at.hand + 1]!;
    const hz = obs[b + this.at.hand + 2]! - HAND_TCP_OFFSET;
    const ox = obs[b + this.at.obj]!;
    const oy = obs[b + this.at.obj + 1]!;
    const gx = obs[b + this.at.goal]!;
    const gy = obs[b + this.at.goal + 1]!;
    const toGoal = Math.hypot(gx - ox, gy - oy);
    const dx = toGoal > 1e-6 ? (gx - ox) / toGoal : 1;
    const dy = toGoal > 1e-6 ? (gy - oy) / toGoal : 0;
    // The hand's place behind the cylinder, and where it is relative to the push line.
    const cx = ox - dx * CLEAR;
    const cy = oy - dy * CLEAR;
    const behind = (ox - hx) * dx + (oy - hy) * dy;
    const lateral = Math.abs(-(ox - hx) * dy + (oy - hy) * dx);
    let aim = [cx, cy, ABOVE];
    let speed = 1;
    switch (this.phase[e] as Phase) {
      case Phase.Approach:
        if (Math.hypot(hx - cx, hy - cy) < XY_TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        aim[2] = PUSH_HEIGHT;
        if (Math.hypot(hx - cx, hy - cy) > 2 * XY_TOLERANCE) this.phase[e] = Phase.Approach;
        else if (Math.abs(hz - PUSH_HEIGHT) < Z_TOLERANCE) this.phase[e] = Phase.Push;
        break;
      case Phase.Push:
        aim = toGoal < DONE ? [hx, hy, ABOVE] : [ox + dx * (LEAD - CONTACT), oy + dy * (LEAD - CONTACT), PUSH_HEIGHT];
        speed = PUSH_SPEED;
        if (toGoal >= DONE && (lateral > OFF_LINE || behind < CONTACT / 2)) this.phase[e] = Phase.Approach;
        break;
    }
    // Going back up, rise before moving sideways so the fingers do not sweep the cylinder.
    if (this.phase[e] === Phase.Approach && hz < ABOVE - 2 * Z_TOLERANCE) aim = [hx, hy, ABOVE];
    out[at] = clip((GAIN * (aim[0]! - hx)) / STEP, speed);
    out[at + 1] = clip((GAIN * (aim[1]! - hy)) / STEP, speed);
    out[at + 2] = clip((GAIN * (aim[2]! - hz)) / STEP, 1);
    out[at + 3] = 1;
  }
}

function clip(v: number, m: number): number {
  return Math.min(m, Math.max(-m, v));
}
