import { HAND_TCP_OFFSET } from '../../tasks/metaworld/metaworld-hand.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert, fieldOffsets } from './phased-expert.js';

/** A point as three numbers, x, y, z. */
export type Xyz = [number, number, number];

// Meta-World's action moves the hand 0.01 m per unit.
const STEP = 0.01;

/**
 * What the scripted experts of Meta-World's articulated tasks share: the 4-d action (dx, dy, dz,
 * gripper), the observation fields they read (hand_pos, obj_pose, goal_pos), the TCP as the
 * observed hand less HAND_TCP_OFFSET, and a proportional step toward an aim point.
 */
export abstract class MetaWorldExpert extends PhasedExpert {
  /** dx, dy, dz, gripper. */
  override readonly actionDim = 4;
  /** Offsets of hand_pos, obj_pose and goal_pos in a row of the flat observation. */
  protected readonly at: { hand: number; obj: number; goal: number };

  /** @param observationSpace the env's flat observation space, whose fields name the parts read. */
  constructor(observationSpace: BoxSpace) {
    super(observationSpace);
    this.at = fieldOffsets(observationSpace, { hand: 'hand_pos', obj: 'obj_pose', goal: 'goal_pos' });
  }

  /** The TCP of the row at `o[b..]`: the observed hand, HAND_TCP_OFFSET higher. */
  protected tcp(o: Float32Array, b: number): Xyz {
    const h = b + this.at.hand;
    return [o[h]!, o[h + 1]!, o[h + 2]! - HAND_TCP_OFFSET];
  }

  /** The observed object point (obs[4:7]) of the row at `o[b..]`, moved by `offset`. */
  protected obj(o: Float32Array, b: number, offset: Readonly<Xyz> = [0, 0, 0]): Xyz {
    const p = b + this.at.obj;
    return [o[p]! + offset[0], o[p + 1]! + offset[1], o[p + 2]! + offset[2]];
  }

  /** The observed goal of the row at `o[b..]`. */
  protected goal(o: Float32Array, b: number): Xyz {
    const g = b + this.at.goal;
    return [o[g]!, o[g + 1]!, o[g + 2]!];
  }

  /**
   * The two phases many of Meta-World's policies open with: over `place` (at height `above`),
   * then down to it. For env `e` in phase 0 or 1, returns the aim and moves phase 0 to 1 once the
   * TCP is within `xyTolerance` of `place` across, and 1 to `next` once within `zTolerance` of its
   * height; in any other phase, returns null.
   */
  protected overThenDown(e: number, place: Readonly<Xyz>, tcp: Readonly<Xyz>, above: number, next: number, xyTolerance: number, zTolerance: number): Xyz | null {
    if (this.phase[e] === 0) {
      if (Math.hypot(place[0] - tcp[0], place[1] - tcp[1]) < xyTolerance) this.phase[e] = 1;
      return [place[0], place[1], above];
    }
    if (this.phase[e] === 1) {
      if (Math.abs(place[2] - tcp[2]) < zTolerance) this.phase[e] = next;
      return [place[0], place[1], place[2]];
    }
    return null;
  }

  /**
   * Write the action at `out[at..]`: each axis closes `gain` of the TCP's remaining distance to
   * `aim` in one step (clipped to the action's [-1, 1]), and the gripper entry (+1 shuts).
   */
  protected moveToward(aim: Readonly<Xyz>, tcp: Readonly<Xyz>, gripper: number, out: Float32Array, at: number, gain = 0.5): void {
    for (let i = 0; i < 3; i++) out[at + i] = Math.min(1, Math.max(-1, (gain * (aim[i]! - tcp[i]!)) / STEP));
    out[at + 3] = gripper;
  }
}
