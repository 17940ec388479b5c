import { type Pose, composePose, invertPose, pose, relativePose } from '../../math/pose.js';
import { conjugate, multiply, quat, toRotationVector } from '../../math/quat.js';
import { distance, vec3 } from '../../math/vec3.js';
import { writeEeDeltaAction } from './ee-delta-action.js';

// pd_ee_delta_pose's translation per unit action, m.
const POS_SCALE = 0.1;

/**
 * Steering a held object rather than the hand: each step the object's pose in the hand is
 * measured and the hand is sent where it puts the object at the wanted pose, so slip in the grip
 * and a grasp off centre or turned are corrected (closed loop).
 */
export class HeldObjectSteer {
  private readonly inHand = pose();
  private readonly handInObject = pose();
  private readonly goalTcp = pose();
  private readonly turn = quat();

  /**
   * Write a closed-gripper pd_ee_delta_pose action moving the TCP (`tcp`) by at most `speed`
   * (action units, over the whole step) toward the hand pose that puts `held` at `want`.
   */
  write(out: Float32Array, at: number, tcp: Pose, held: Pose, want: Pose, speed: number): void {
    relativePose(tcp, held, this.inHand);
    composePose(want, invertPose(this.inHand, this.handInObject), this.goalTcp);
    const rot = toRotationVector(multiply(this.goalTcp.q, conjugate(tcp.q, this.turn)));
    const t = tcp.p;
    const g = this.goalTcp.p;
    // Scale the whole step, not each axis: a per-axis clip would bend a straight push.
    const d = distance(t, g) / POS_SCALE;
    const k = d > speed ? speed / d : 1;
    writeEeDeltaAction(out, at, t, vec3(t.x + (g.x - t.x) * k, t.y + (g.y - t.y) * k, t.z + (g.z - t.z) * k), 1, rot, -1);
  }
}
