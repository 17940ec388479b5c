import { HAND_TCP_OFFSET } from '../../tasks/metaworld/metaworld-hand.js';
import { HOLE_GOAL, PEG_GRASP, PEG_HEAD } from '../../tasks/metaworld/peg-insert-side.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets } from './phased-expert.js';

// Meta-World's action moves the hand 0.01 m per unit; close half the remaining distance a step.
// Heights are the TCP's (the observed hand less HAND_TCP_OFFSET).
const STEP = 0.01;
const GAIN = 0.5;
const ABOVE = 0.1;
// The TCP this low puts the pads around the lying peg's lower two thirds (its top is at 0.03).
const GRASP_HEIGHT = 0.008;
const XY_TOLERANCE = 0.006;
const Z_TOLERANCE = 0.004;
// Meta-World's policy squeezes at 0.6; the claws read about 0.56 shut on the 3 cm peg.
const EFFORT = 0.6;
const SHUT_ON_PEG = 0.65;
const CLOSE_STEPS = 40;
// Line the head up this far in front of the goal (the box's face is 0.07 m past it), then push
// it this far past the goal, at most this fast.
const STANDOFF = 0.12;
const PAST = 0.01;
const ALIGNED = 0.004;
const INSERT_SPEED = 0.5;

const enum Phase {
  Above,
  Descend,
  Close,
  Lift,
  Align,
  Insert,
}

/**
 * A scripted expert for peg-insert-side-v3 in Meta-World's 4-d action, in the phases of
 * Meta-World's own policy: over the peg's grasp site, down, shut, lift to the hole's height,
 * line the head up with the hole in front of the box, and push it in along -x. The peg cannot
 * turn (its inertia), so its head is the observed grasp site less the sites' offset, and the box
 * is the goal less the goal's offset. A dropped peg sends the hand back over it. Reads hand_pos,
 * gripper_distance_apart, obj_pose and goal_pos.
 */
export class PegInsertSideExpert extends PhasedExpert {
  /** dx, dy, dz, gripper. */
  override readonly actionDim = 4;
  private readonly at: { hand: number; grip: number; obj: number; goal: number };

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.at = fieldOffsets(observationSpace, { hand: 'hand_pos', grip: 'gripper_distance_apart', obj: 'obj_pose', goal: 'goal_pos' });
  }

  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tx = o[b + this.at.hand]!;
    const ty = o[b + this.at.hand + 1]!;
    const tz = o[b + this.at.hand + 2]! - HAND_TCP_OFFSET;
    const sx = o[b + this.at.obj]!;
    const sy = o[b + this.at.obj + 1]!;
    const sz = o[b + this.at.obj + 2]!;
    const head = [sx + PEG_HEAD.x - PEG_GRASP.x, sy + PEG_HEAD.y - PEG_GRASP.y, sz + PEG_HEAD.z - PEG_GRASP.z];
    const goal = [o[b + this.at.goal]!, o[b + this.at.goal + 1]!, o[b + this.at.goal + 2]!];
    const offXy = Math.hypot(sx - tx, sy - ty);
    let aim = [sx, sy, ABOVE];
    let effort = -1;
    let speed = 1;
    // Where the TCP goes to bring the head to `h` (the peg moves with the hand).
    const headTo = (h: number[]) => [tx + h[0]! - head[0]!, ty + h[1]! - head[1]!, tz + h[2]! - head[2]!];
    const held = this.phase[e]! >= Phase.Lift;
    if (held && (sz < 0.03 ? Math.hypot(offXy, tz - sz) > 0.03 : Math.hypot(offXy, tz - sz) > 0.06)) this.phase[e] = Phase.Above;
    switch (this.phase[e] as Phase) {
      case Phase.Above:
        if (offXy < XY_TOLERANCE && tz > sz + ABOVE / 2) this.phase[e] = Phase.Descend;
        else if (tz < sz + ABOVE / 2 && offXy > 2 * XY_TOLERANCE) aim = [tx, ty, ABOVE];
        break;
      case Phase.Descend:
        aim = [sx, sy, GRASP_HEIGHT];
        if (offXy > 2.5 * XY_TOLERANCE) this.phase[e] = Phase.Above;
        else if (Math.abs(tz - GRASP_HEIGHT) < Z_TOLERANCE) {
          this.phase[e] = Phase.Close;
          this.counter[e] = 0;
        }
        break;
      case Phase.Close:
        aim = [tx, ty, tz];
        effort = EFFORT;
        if (++this.counter[e]! >= CLOSE_STEPS || o[b + this.at.grip]! < SHUT_ON_PEG) this.phase[e] = Phase.Lift;
        break;
      case Phase.Lift:
        effort = EFFORT;
        aim = [tx, ty, tz + goal[2]! - head[2]!];
        if (head[2]! > goal[2]! - 0.02) this.phase[e] = Phase.Align;
        break;
      case Phase.Align: {
        effort = EFFORT;
        const front = [goal[0]! + STANDOFF, goal[1]!, goal[2]!];
        aim = headTo(front);
        if (Math.abs(head[1]! - goal[1]!) < ALIGNED && Math.abs(head[2]! - goal[2]!) < ALIGNED && Math.abs(head[0]! - front[0]!) < 0.01) this.phase[e] = Phase.Insert;
        break;
      }
      case Phase.Insert:
        effort = EFFORT;
        speed = INSERT_SPEED;
        aim = headTo([goal[0]! - PAST, goal[1]!, goal[2]!]);
        // Knocked off the hole's line before entering: line up again.
        if (head[0]! > goal[0]! + HOLE_GOAL.x + 0.04 && Math.hypot(head[1]! - goal[1]!, head[2]! - goal[2]!) > 0.012) this.phase[e] = Phase.Align;
        break;
    }
    const cur = [tx, ty, tz];
    for (let i = 0; i < 3; i++) {
      const m = i === 0 ? speed : 1;
      out[at + i] = Math.min(m, Math.max(-m, (GAIN * (aim[i]! - cur[i]!)) / STEP));
    }
    out[at + 3] = effort;
  }
}
