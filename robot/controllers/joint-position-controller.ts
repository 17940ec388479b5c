import type { KinematicChain } from '../kinematics/kinematic-chain.js';
import type { ArmController, ControllerState } from './arm-controller.js';

/** pd_joint_pos: the action is the absolute joint target, clamped into the joint limits. */
export class JointPositionController implements ArmController {
  readonly actionDim: number;
  readonly actionLow: Float32Array;
  readonly actionHigh: Float32Array;
  readonly target: Float64Array;

  constructor(private readonly chain: KinematicChain) {
    this.actionDim = chain.dof;
    this.actionLow = Float32Array.from(chain.lower);
    this.actionHigh = Float32Array.from(chain.upper);
    this.target = new Float64Array(chain.dof);
  }

  reset(qpos: ArrayLike<number>): void {
    for (let i = 0; i < this.actionDim; i++) this.target[i] = qpos[i]!;
  }

  setAction(action: ArrayLike<number>, offset: number): void {
    for (let i = 0; i < this.actionDim; i++) this.target[i] = action[offset + i]!;
    this.chain.clamp(this.target);
  }

  getState(): ControllerState {
    return { target: Array.from(this.target) };
  }

  setState(state: ControllerState): void {
    this.target.set(state.target);
  }
}
