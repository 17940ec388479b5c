import type { ControllerConfig } from '../controllers/controller-config.js';
import type { RobotDescription } from '../robot-description.js';
import { PANDA } from './panda.js';

// No gripper entry: the action is the arm's alone, as ManiSkill's panda_stick has no gripper controller.
const arm = (c: ControllerConfig): ControllerConfig => ({ arm: c.arm });

/**
 * ManiSkill's panda_stick: the Panda arm whose hand carries a 0.1 m stick (radius 8 mm) instead of
 * fingers, the TCP at the stick's tip 0.15 m below the hand; the same keyframe, base, gains and
 * delta limits as the Panda, no gripper joints and no gripper action.
 */
export const PANDA_STICK: RobotDescription = {
  ...PANDA,
  uid: 'panda_stick',
  urdf: 'robot/panda/panda_stick.urdf',
  gripperJoints: [],
  fingerLinks: [],
  rest: { qpos: PANDA.rest.qpos.slice(0, 7), basePose: PANDA.rest.basePose },
  controllers: {
    pd_joint_pos: arm(PANDA.controllers.pd_joint_pos),
    pd_joint_delta_pos: arm(PANDA.controllers.pd_joint_delta_pos),
    pd_joint_target_delta_pos: arm(PANDA.controllers.pd_joint_target_delta_pos),
    pd_ee_delta_pos: arm(PANDA.controllers.pd_ee_delta_pos),
    pd_ee_delta_pose: arm(PANDA.controllers.pd_ee_delta_pose),
  },
};
