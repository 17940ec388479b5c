import { composePose, pose, type Pose } from '../../math/pose.js';
import type { Robot } from '../../robot/robot.js';
import type { SafetyConfig } from './safety-config.js';

/** What the safety layer did to a command. */
export type SafetyVerdict = 'ok' | 'clipped' | 'non-finite' | 'outside-limits' | 'outside-box';

const BISECTIONS = 12;

/**
 * The last step before any command goes on the wire, the same for every driver. Works on arm
 * joint targets (Cartesian commands are sent as the forward kinematics of a checked target):
 * rejects NaN and Inf, clamps each joint to its limits and to a per-step change from the
 * measured position (max_relative_target and velocity limits over one control period), then
 * shortens the step until the TCP stays in the workspace box and within maxTcpStep of the
 * measured TCP. A state already outside the box or the limits is held, never pushed further.
 */
export class SafetyLayer {
  /** Lowest finger target, m. */
  readonly gripperLow: number;
  /** Highest finger target, m. */
  readonly gripperHigh: number;
  private readonly candidate: Float64Array;
  private readonly base: Pose;
  private readonly scratch = pose();
  private readonly start = pose();

  constructor(readonly robot: Robot, readonly config: SafetyConfig, gripper: { lower: number; upper: number }) {
    const n = robot.chain.dof;
    this.candidate = new Float64Array(n);
    this.base = robot.description.rest.basePose;
    this.gripperLow = gripper.lower;
    this.gripperHigh = gripper.upper;
  }

  /** Largest per-step change of joint i at control period dt s and velocity scale s. */
  maxStep(i: number, dt: number, velocityScale = this.config.velocityScale): number {
    return Math.min(this.config.maxRelativeTarget, this.robot.chain.velocity[i]! * velocityScale * dt);
  }

  /**
   * Make `target` safe in place against the measured `q`. On a hold verdict the target is left
   * in an unspecified state and must not be sent.
   */
  apply(q: ArrayLike<number>, target: Float64Array, dt: number, velocityScale = this.config.velocityScale): SafetyVerdict {
    const chain = this.robot.chain;
    const n = chain.dof;
    const margin = this.config.jointLimitMargin;
    let clipped = false;
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(target[i]!) || !Number.isFinite(q[i]!)) return 'non-finite';
      const step = this.maxStep(i, dt, velocityScale);
      const lo = Math.max(chain.lower[i]! + margin, q[i]! - step);
      const hi = Math.min(chain.upper[i]! - margin, q[i]! + step);
      if (lo > hi) return 'outside-limits';
      const t = target[i]!;
      const c = t < lo ? lo : t > hi ? hi : t;
      if (c !== t) clipped = true;
      target[i] = c;
    }
    if (this.allowed(target, q)) return clipped ? 'clipped' : 'ok';
    this.tcpWorld(q, this.start);
    if (!this.inBox(this.start)) return 'outside-box';
    // Largest fraction f of the step q -> target whose TCP passes; f = 0 (no motion) always does.
    let fLo = 0;
    let fHi = 1;
    const c = this.candidate;
    for (let k = 0; k < BISECTIONS; k++) {
      const f = (fLo + fHi) / 2;
      for (let i = 0; i < n; i++) c[i] = q[i]! + f * (target[i]! - q[i]!);
      if (this.allowed(c, q)) fLo = f;
      else fHi = f;
    }
    for (let i = 0; i < n; i++) target[i] = q[i]! + fLo * (target[i]! - q[i]!);
    return 'clipped';
  }

  /** Clamp a finger target into the gripper's range; NaN gives NaN (the caller holds). */
  clampGripper(target: number): number {
    return target < this.gripperLow ? this.gripperLow : target > this.gripperHigh ? this.gripperHigh : target;
  }

  /** Whether a world-frame pose lies in the workspace box. */
  inBox(p: Pose): boolean {
    const { low, high } = this.config.workspace;
    const v = p.p;
    return v.x >= low.x && v.x <= high.x && v.y >= low.y && v.y <= high.y && v.z >= low.z && v.z <= high.z;
  }

  /** TCP of joint positions q in the world frame, written into `target`. */
  tcpWorld(q: ArrayLike<number>, target: Pose = pose()): Pose {
    this.robot.chain.forward(q, target);
    return composePose(this.base, target, target);
  }

  private allowed(candidate: ArrayLike<number>, q: ArrayLike<number>): boolean {
    const t = this.tcpWorld(candidate, this.scratch);
    if (!this.inBox(t)) return false;
    const s = this.tcpWorld(q, this.start);
    return Math.hypot(t.p.x - s.p.x, t.p.y - s.p.y, t.p.z - s.p.z) <= this.config.maxTcpStep;
  }
}
