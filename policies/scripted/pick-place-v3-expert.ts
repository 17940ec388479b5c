import { HAND_TCP_OFFSET } from '../../tasks/metaworld/metaworld-hand.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets } from './phased-expert.js';

// Meta-World's action moves the hand 0.01 m per unit; close half the remaining distance a step.
// Heights are the TCP's (the observed hand less HAND_TCP_OFFSET).
const STEP = 0.01;
const GAIN = 0.5;
const ABOVE = 0.08;
const XY_TOLERANCE = 0.008;
const Z_TOLERANCE = 0.004;
// The claws' reading once shut on the 4 cm cylinder is about 0.65 (0.3 empty, 1.0 open).
const SHUT_ON_OBJECT = 0.75;
const CLOSE_STEPS = 40;
// Carry the object this high before heading to the goal, so it does not drag on the table.
const CARRY_HEIGHT = 0.06;

const enum Phase {
  Above,
  Descend,
  Close,
  Carry,
}

/**
 * A scripted expert for pick-place-v3 in Meta-World's 4-d action, in the phases of Meta-World's
 * own policy: over the cylinder, down with the gripper open until the TCP is level with its
 * centre, shut (+1) and wait for the claws to close, lift, then take it to the goal (the TCP
 * aimed where the object, offset as held, sits on the goal). A cylinder left on the table
 * sends the hand back over it. Reads hand_pos, gripper_distance_apart, obj_pose and goal_pos.
 */
export class PickPlaceExpert extends PhasedExpert {
  /** dx, dy, dz, gripper. */
  override readonly actionDim = 4;
  private readonly at: { hand: number; grip: number; obj: number; goal: number };

  /** How far in y from the object's centre the TCP comes down to grasp it (0: on it). */
  protected readonly graspDy: number = 0;
  /** How far above the observed point the TCP grasps (0: level with it; the mug is observed at its foot). */
  protected readonly graspDz: number = 0;

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.at = fieldOffsets(observationSpace, { hand: 'hand_pos', grip: 'gripper_distance_apart', obj: 'obj_pose', goal: 'goal_pos' });
  }

  protected actOne(o: Float32Array, b: number, e: number, out: Float32Array, at: number): void {
    const tx = o[b + this.at.hand]!;
    const ty = o[b + this.at.hand + 1]!;
    const tz = o[b + this.at.hand + 2]! - HAND_TCP_OFFSET;
    const ox = o[b + this.at.obj]!;
    const oy = o[b + this.at.obj + 1]!;
    const oz = o[b + this.at.obj + 2]! + this.graspDz;
    // Where the TCP grasps, in y (the fingers close along y).
    const gy0 = oy + this.graspDy;
    const offXy = Math.hypot(ox - tx, gy0 - ty);
    let aim = [ox, gy0, oz + ABOVE];
    let effort = -1;
    switch (this.phase[e] as Phase) {
      case Phase.Above:
        if (offXy < XY_TOLERANCE) this.phase[e] = Phase.Descend;
        break;
      case Phase.Descend:
        aim = [ox, gy0, oz];
        if (offXy > 2.5 * XY_TOLERANCE) this.phase[e] = Phase.Above;
        else if (Math.abs(tz - oz) < Z_TOLERANCE) {
          this.phase[e] = Phase.Close;
          this.counter[e] = 0;
        }
        break;
      case Phase.Close:
        aim = [tx, ty, tz];
        effort = 1;
        if (++this.counter[e]! >= CLOSE_STEPS || o[b + this.at.grip]! < SHUT_ON_OBJECT) this.phase[e] = Phase.Carry;
        break;
      case Phase.Carry: {
        effort = 1;
        // Dropped or never held: the object is back on the table away from the pads.
        if (oz < 0.025 && Math.hypot(offXy, tz - oz) > 0.02) {
          this.phase[e] = Phase.Above;
          effort = -1;
          break;
        }
        const gx = o[b + this.at.goal]!;
        const gy = o[b + this.at.goal + 1]!;
        const gz = o[b + this.at.goal + 2]! + this.graspDz;
        const [wx, wy, wz] = this.carryTo(ox, oy, gx, gy, gz);
        aim = oz < CARRY_HEIGHT - 0.01 && Math.hypot(wx - ox, wy - oy) > 0.02 ? [tx, ty, tz + CARRY_HEIGHT] : [wx + tx - ox, wy + ty - oy, wz + tz - oz];
        break;
      }
    }
    // Rising back over the object, clear it before moving sideways.
    if (this.phase[e] === Phase.Above && tz < oz + ABOVE / 2 && offXy > 2 * XY_TOLERANCE) aim = [tx, ty, oz + ABOVE];
    for (let i = 0; i < 3; i++) out[at + i] = Math.min(1, Math.max(-1, (GAIN * (aim[i]! - [tx, ty, tz][i]!)) / STEP));
    out[at + 3] = effort;
  }

  /** Where to take the held object next, given it at (ox, oy) and the goal: the goal itself here; a wall task routes round its wall. */
  protected carryTo(_ox: number, _oy: number, gx: number, gy: number, gz: number): [number, number, number] {
    return [gx, gy, gz];
  }
}
