import { type Pose, pose } from '../../math/pose.js';
import { rotate } from '../../math/quat.js';
import { type Vec3, distance, vec3 } from '../../math/vec3.js';
import type { BoxSpace } from '../../tasks/space.js';
import { PhasedExpert } from './phased-expert.js';
import { pointDownError, writeEeDeltaAction } from './ee-delta-action.js';
import { HeldObjectSteer } from './held-object-steer.js';

const APPROACH_HEIGHT = 0.06;
const APPROACH_TOLERANCE = 0.01;
const ALIGN_TOLERANCE = 0.05;
const CLOSE_STEPS = 8;
const CLOSE_RAMP = 0.3;
const APPROACH_SPEED = 0.8;
const X_AXIS: Vec3 = { x: 1, y: 0, z: 0 };

/** The grasp's phases, which every HeldObjectExpert's phase numbering starts with. */
export const enum GraspPhase {
  Approach,
  Descend,
  Close,
}

/**
 * The grasp of ManiSkill's motion-planning solutions for PegInsertionSide-v1 and PlugCharger-v1:
 * above a grasp point on the object, the fingers across its x axis (the TCP's x along it,
 * whichever sign is nearer the hand's yaw), down, and a gradual close; from then on the
 * subclass steers the held object, not the hand (see HeldObjectSteer), through its own phases.
 * `hand` and `held` are the poses read this step.
 */
export abstract class HeldObjectExpert extends PhasedExpert {
  /** The TCP's pose this step. */
  protected readonly hand: Pose = pose();
  /** The held object's pose this step. */
  protected readonly held: Pose = pose();
  protected readonly steer = new HeldObjectSteer();

  /**
   * @param tcpAt offset of tcp_pose in the flat state
   * @param descendTolerance how near the grasp point the TCP must come before closing, m
   * @param descendSpeed the descent's speed, action units
   */
  constructor(
    observationSpace: BoxSpace,
    private readonly tcpAt: number,
    private readonly descendTolerance: number,
    private readonly descendSpeed: number,
  ) {
    super(observationSpace);
  }

  protected actOne(o: Float32Array, base: number, e: number, out: Float32Array, at: number): void {
    this.read(o, base);
    const t = this.hand.p;
    const axis = rotate(this.held.q, X_AXIS);
    const grasp = this.graspPoint(axis);
    const objectYaw = Math.atan2(axis.y, axis.x);
    const handX = rotate(this.hand.q, X_AXIS);
    const handYaw = Math.atan2(handX.y, handX.x);
    const yaw = Math.cos(objectYaw - handYaw) >= 0 ? objectYaw : objectYaw + Math.PI;
    const down = pointDownError(o, base + this.tcpAt + 3, yaw);
    switch (this.phase[e] as GraspPhase) {
      case GraspPhase.Approach: {
        const above = vec3(grasp.x, grasp.y, grasp.z + APPROACH_HEIGHT);
        if (distance(t, above) < APPROACH_TOLERANCE && Math.hypot(down.x, down.y, down.z) < ALIGN_TOLERANCE) this.phase[e] = GraspPhase.Descend;
        return writeEeDeltaAction(out, at, t, above, APPROACH_SPEED, down, 1);
      }
      case GraspPhase.Descend:
        if (distance(t, grasp) < this.descendTolerance) {
          this.phase[e] = GraspPhase.Close;
          this.counter[e] = 0;
        }
        return writeEeDeltaAction(out, at, t, grasp, this.descendSpeed, down, 1);
      case GraspPhase.Close:
        // Close gradually: fingers slammed onto a tall part catch its top edge and roll it.
        if (++this.counter[e]! >= CLOSE_STEPS) this.phase[e] = GraspPhase.Close + 1;
        return writeEeDeltaAction(out, at, t, t, 0, null, Math.max(-1, 1 - CLOSE_RAMP * this.counter[e]!));
      default:
        return this.actHolding(e, out, at);
    }
  }

  /** Read this step's poses from the state row at `o[base..]`: `hand`, `held` and the subclass's own. */
  protected abstract read(o: Float32Array, base: number): void;

  /** Where the TCP closes on the object, whose x axis (world frame) is `axis`. */
  protected abstract graspPoint(axis: Vec3): Vec3;

  /** The phases after the grasp (numbered from GraspPhase.Close + 1): write env `e`'s action. */
  protected abstract actHolding(e: number, out: Float32Array, at: number): void;
}
