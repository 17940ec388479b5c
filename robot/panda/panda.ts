import type { RobotDescription } from '../robot-description.js';

const gripper = { lower: -0.01, upper: 0.04 };

/**
 * Franka Emika Panda with its parallel gripper, as ManiSkill configures it: rest keyframe
 * [0, pi/8, 0, -5pi/8, 0, 3pi/4, pi/4] with open fingers, base at (-0.615, 0, 0), TCP 0.1034 m
 * below the hand, arm deltas of 0.1 rad per joint or 0.1 m / 0.1 rad at the TCP.
 */
export const PANDA: RobotDescription = {
  uid: 'panda',
  urdf: 'robot/panda/panda.urdf',
  baseLink: 'panda_link0',
  tcpLink: 'panda_hand_tcp',
  handLink: 'panda_hand',
  armJoints: ['panda_joint1', 'panda_joint2', 'panda_joint3', 'panda_joint4', 'panda_joint5', 'panda_joint6', 'panda_joint7'],
  gripperJoints: ['panda_finger_joint1', 'panda_finger_joint2'],
  fingerLinks: ['panda_leftfinger', 'panda_rightfinger'],
  rest: {
    qpos: [0, Math.PI / 8, 0, (-5 * Math.PI) / 8, 0, (3 * Math.PI) / 4, Math.PI / 4, 0.04, 0.04],
    basePose: { p: { x: -0.615, y: 0, z: 0 }, q: { w: 1, x: 0, y: 0, z: 0 } },
  },
  // ManiSkill's stiffness (1e3 N/m) and force limit (100 N) toward its target 1 cm past closed:
  // about 30 N on a 4 cm cube, below the limit, so the pair keeps a restoring force in common
  // mode, and enough to lift ManiSkill's 0.6 kg pegs. 0.5 kg finger bodies and 20 N s/m (not
  // ManiSkill's 1e2, under which a held cube crept 1.3 mm/s) hold without creep (sim/DESIGN-ARM.md).
  fingerDrive: { stiffness: 1000, damping: 20, forceLimit: 100, friction: 1, mass: 0.5 },
  controllers: {
    pd_joint_pos: { arm: { type: 'joint_pos' }, gripper },
    pd_joint_delta_pos: { arm: { type: 'joint_delta_pos', limit: 0.1, useTarget: false }, gripper },
    pd_joint_target_delta_pos: { arm: { type: 'joint_delta_pos', limit: 0.1, useTarget: true }, gripper },
    pd_ee_delta_pos: { arm: { type: 'ee_delta_pose', posLimit: 0.1, rotLimit: null }, gripper },
    pd_ee_delta_pose: { arm: { type: 'ee_delta_pose', posLimit: 0.1, rotLimit: 0.1 }, gripper },
  },
  staticThreshold: 0.2,
};
