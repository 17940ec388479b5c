import { pose } from '../math/pose.js';
import { conjugate, multiply, quat, toRotationVector } from '../math/quat.js';
import { vec3 } from '../math/vec3.js';
import type { ArmControllerConfig, ControlMode } from '../robot/controllers/controller-config.js';
import type { Workspace } from '../robot/controllers/ee-delta-controller.js';
import type { RobotController } from '../robot/controllers/robot-controller.js';
import type { Robot } from '../robot/robot.js';

/**
 * Turns actions of a ManiSkill control mode into arm joint targets and a finger target (through
 * the robot's own controller), and turns a target that the safety layer may have changed back
 * into the action that it amounts to, so that recordings hold what the robot was really asked.
 */
export class ActionCodec {
  /** Entries per action. */
  readonly size: number;
  /** Lower action bounds. */
  readonly low: Float32Array;
  /** Upper action bounds. */
  readonly high: Float32Array;
  private readonly controller: RobotController;
  private readonly arm: ArmControllerConfig;
  private readonly gripper: { lower: number; upper: number };
  private readonly previous: Float64Array;
  private readonly from = pose();
  private readonly to = pose();
  private readonly qInv = quat();
  private readonly qErr = quat();
  private readonly rv = vec3();

  /** @param workspace box (base frame) the end-effector modes clamp their goals into. */
  constructor(readonly robot: Robot, readonly mode: ControlMode, workspace: Workspace | null) {
    this.controller = robot.createController(mode, workspace);
    this.arm = robot.description.controllers[mode].arm;
    // A gripperless robot's finger target is always 0 (its range is empty).
    this.gripper = robot.description.controllers[mode].gripper ?? { lower: 0, upper: 0 };
    this.size = this.controller.actionDim;
    this.low = this.controller.actionLow;
    this.high = this.controller.actionHigh;
    this.previous = new Float64Array(robot.chain.dof);
  }

  /** Finger target range of this mode's gripper, m. */
  get gripperRange(): { lower: number; upper: number } {
    return this.gripper;
  }

  /** Start of an episode: targets become the measured state. */
  reset(q: ArrayLike<number>, finger: number): void {
    this.controller.reset(q, finger);
    this.previous.set(this.controller.arm.target);
  }

  /** Whether an action can be read at all: right length, every entry finite. */
  check(action: ArrayLike<number>): 'ok' | 'wrong-length' | 'non-finite' {
    if (action === null || typeof action !== 'object' || action.length !== this.size) return 'wrong-length';
    for (let i = 0; i < this.size; i++) if (!Number.isFinite(action[i])) return 'non-finite';
    return 'ok';
  }

  /** Arm targets for `action` against measured q, into `armTarget`; returns the finger target. */
  decode(action: ArrayLike<number>, q: ArrayLike<number>, armTarget: Float64Array): number {
    this.previous.set(this.controller.arm.target);
    this.controller.setAction(action, q);
    armTarget.set(this.controller.arm.target);
    return this.controller.gripper.target;
  }

  /** After the safety layer: the controller keeps the target that was really sent (target-delta mode builds on it). */
  commit(armTarget: ArrayLike<number>, gripperTarget: number): void {
    (this.controller.arm.target as Float64Array).set(armTarget as ArrayLike<number>);
    this.controller.gripper.target = gripperTarget;
  }

  /** Undo the last decode when its command was not sent. */
  rollback(): void {
    (this.controller.arm.target as Float64Array).set(this.previous);
  }

  /** The action that (armTarget, gripperTarget) amounts to against measured q, into `out`. */
  encode(armTarget: ArrayLike<number>, gripperTarget: number, q: ArrayLike<number>, out: Float32Array): Float32Array {
    const a = this.arm;
    const n = this.robot.chain.dof;
    if (a.type === 'joint_pos') {
      for (let i = 0; i < n; i++) out[i] = armTarget[i]!;
    } else if (a.type === 'joint_delta_pos') {
      const ref = a.useTarget ? this.previous : q;
      for (let i = 0; i < n; i++) out[i] = (armTarget[i]! - ref[i]!) / a.limit;
    } else {
      const cur = this.robot.chain.forward(q, this.from);
      const goal = this.robot.chain.forward(armTarget, this.to);
      out[0] = (goal.p.x - cur.p.x) / a.posLimit;
      out[1] = (goal.p.y - cur.p.y) / a.posLimit;
      out[2] = (goal.p.z - cur.p.z) / a.posLimit;
      if (a.rotLimit !== null) {
        const r = toRotationVector(multiply(goal.q, conjugate(cur.q, this.qInv), this.qErr), this.rv);
        out[3] = r.x / a.rotLimit;
        out[4] = r.y / a.rotLimit;
        out[5] = r.z / a.rotLimit;
      }
    }
    const g = this.gripper;
    if (!this.controller.hasGripper) return out;
    out[this.size - 1] = ((gripperTarget - g.lower) / (g.upper - g.lower)) * 2 - 1;
    return out;
  }
}
