import type { KinematicChain } from '../kinematics/kinematic-chain.js';
import type { ArmController, ControllerState } from './arm-controller.js';
import type { ArmControllerConfig, ControllerConfig, GripperControllerConfig } from './controller-config.js';
import { EeDeltaController, type Workspace } from './ee-delta-controller.js';
import { GripperController } from './gripper-controller.js';
import { JointDeltaController } from './joint-delta-controller.js';
import { JointPositionController } from './joint-position-controller.js';

const NO_GRIPPER: GripperControllerConfig = { lower: 0, upper: 0 };

type Factory<C> = (chain: KinematicChain, config: C, workspace: Workspace | null) => ArmController;

// One constructor per config tag; the mapped type makes a missing tag a compile error.
const ARM_CONTROLLERS: { [T in ArmControllerConfig['type']]: Factory<Extract<ArmControllerConfig, { type: T }>> } = {
  joint_pos: (chain) => new JointPositionController(chain),
  joint_delta_pos: (chain, c) => new JointDeltaController(chain, c.limit, c.useTarget),
  ee_delta_pose: (chain, c, ws) => new EeDeltaController(chain, c.posLimit, c.rotLimit, ws, c.holdOrientation ?? false),
};

/** Saved state of a RobotController. */
export interface RobotControllerState {
  arm: ControllerState;
  gripper: number;
}

/**
 * The controller of one control mode: the arm part reads the first entries of the action, the
 * gripper the last one. It produces joint targets; how they are tracked is the driver's business.
 * Without a gripper config the action is the arm's alone and the gripper target stays 0.
 */
export class RobotController {
  /** Whether the last action entry drives a gripper. */
  readonly hasGripper: boolean;
  /** The arm part. */
  readonly arm: ArmController;
  /** The gripper part. */
  readonly gripper: GripperController;
  /** Length of the action vector. */
  readonly actionDim: number;
  /** Lower action bounds. */
  readonly actionLow: Float32Array;
  /** Upper action bounds. */
  readonly actionHigh: Float32Array;

  constructor(chain: KinematicChain, config: ControllerConfig, workspace: Workspace | null) {
    const make = ARM_CONTROLLERS[config.arm.type] as Factory<ArmControllerConfig>;
    this.arm = make(chain, config.arm, workspace);
    this.hasGripper = config.gripper !== undefined;
    this.gripper = new GripperController(config.gripper ?? NO_GRIPPER);
    this.actionDim = this.arm.actionDim + (this.hasGripper ? 1 : 0);
    this.actionLow = new Float32Array(this.actionDim);
    this.actionHigh = new Float32Array(this.actionDim);
    this.actionLow.set(this.arm.actionLow);
    this.actionHigh.set(this.arm.actionHigh);
    if (this.hasGripper) {
      this.actionLow[this.actionDim - 1] = -1;
      this.actionHigh[this.actionDim - 1] = 1;
    }
  }

  /** Start of an episode: targets become the measured positions. */
  reset(armQpos: ArrayLike<number>, fingerPos: number): void {
    this.arm.reset(armQpos);
    this.gripper.reset(fingerPos);
  }

  /** Read one action (arm entries then gripper) against the measured arm qpos. */
  setAction(action: ArrayLike<number>, armQpos: ArrayLike<number>): void {
    this.arm.setAction(action, 0, armQpos);
    if (this.hasGripper) this.gripper.setAction(action[this.actionDim - 1]!);
  }

  /** Save targets. */
  getState(): RobotControllerState {
    return { arm: this.arm.getState(), gripper: this.gripper.target };
  }

  /** Restore targets. */
  setState(state: RobotControllerState): void {
    this.arm.setState(state.arm);
    this.gripper.target = state.gripper;
  }
}
