/** ManiSkill's control mode names for an arm with a gripper. */
export type ControlMode =
  | 'pd_joint_pos'
  | 'pd_joint_delta_pos'
  | 'pd_joint_target_delta_pos'
  | 'pd_ee_delta_pos'
  | 'pd_ee_delta_pose';

/** Every control mode, in a stable order. */
export const CONTROL_MODES: readonly ControlMode[] = [
  'pd_joint_pos',
  'pd_joint_delta_pos',
  'pd_joint_target_delta_pos',
  'pd_ee_delta_pos',
  'pd_ee_delta_pose',
];

/** Arm controller configurations, tagged by `type`. */
export type ArmControllerConfig =
  /** Absolute joint targets, not normalized (ManiSkill's pd_joint_pos). */
  | { type: 'joint_pos' }
  /**
   * Joint deltas normalized to [-1, 1] and scaled to [-limit, limit] rad. With `useTarget` the
   * delta is added to the previous target (pd_joint_target_delta_pos), else to the measured qpos.
   */
  | { type: 'joint_delta_pos'; limit: number; useTarget: boolean }
  /**
   * End-effector deltas normalized to [-1, 1]: translation scaled to `posLimit` m in the root
   * frame, and (when `rotLimit` is set) an axis-angle rotation scaled to `rotLimit` rad about
   * root-aligned axes at the end effector. Solved to joint targets by IK. Without a rotation the
   * orientation aimed at is the measured one, or with `holdOrientation` the one at reset (as
   * Meta-World's mocap keeps its quaternion, so its hand never tilts).
   */
  | { type: 'ee_delta_pose'; posLimit: number; rotLimit: number | null; holdOrientation?: boolean };

/**
 * Gripper controller: a normalized action in [-1, 1] maps to a finger target in [lower, upper] m
 * (lower: closed). ManiSkill closes at -1; with `closeAtPlusOne` +1 closes, as Meta-World's
 * gripper actuator does.
 */
export interface GripperControllerConfig {
  lower: number;
  upper: number;
  closeAtPlusOne?: boolean;
}

/**
 * The controller of one control mode: an arm part then a gripper part of the action vector. A
 * robot without a gripper (ManiSkill's panda_stick) has no gripper part and no gripper entry.
 */
export interface ControllerConfig {
  arm: ArmControllerConfig;
  gripper?: GripperControllerConfig;
}
