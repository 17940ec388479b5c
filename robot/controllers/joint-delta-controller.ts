import type { KinematicChain } from '../kinematics/kinematic-chain.js';
import type { ArmController, ControllerState } from './arm-controller.js';

/**
 * pd_joint_delta_pos and pd_joint_target_delta_pos: a normalized delta in [-1, 1] scaled to
 * [-limit, limit] rad per joint, added to the measured qpos or, with `useTarget`, to the last
 * target (so small steps accumulate even while the arm lags).
 */
export class JointDeltaController implements ArmController {
  readonly actionDim: number;
  readonly actionLow: Float32Array;
  readonly actionHigh: Float32Array;
  readonly target: Float64Array;

  constructor(
    private readonly chain: KinematicChain,
    private readonly limit: number,
    private readonly useTarget: boolean,
  ) {
    this.actionDim = chain.dof;
    this.actionLow = new Float32Array(chain.dof).fill(-1);
    this.actionHigh = new Float32Array(chain.dof).fill(1);
    this.target = new Float64Array(chain.dof);
  }

  reset(qpos: ArrayLike<number>): void {
    for (let i = 0; i < this.actionDim; i++) this.target[i] = qpos[i]!;
  }

  setAction(action: ArrayLike<number>, offset: number, qpos: ArrayLike<number>): void {
    for (let i = 0; i < this.actionDim; i++) {
      const a = Math.min(1, Math.max(-1, action[offset + i]!));
      const base = this.useTarget ? this.target[i]! : qpos[i]!;
      this.target[i] = base + a * this.limit;
    }
    this.chain.clamp(this.target);
  }

  getState(): ControllerState {
    return { target: Array.from(this.target) };
  }

  setState(state: ControllerState): void {
    this.target.set(state.target);
  }
}
