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
  // A 2 N cap lets the cube push a finger open when the kinematic hand accelerates; 20 N squeezes
  // so hard that the held cube creeps out of the grip. 8 N holds it (npm run bench:arm).
  // 200 N/m toward ManiSkill's target 1 cm past closed squeezes a 4 cm cube with 6 N, below the
  // 40 N limit, so the pair keeps a restoring force in common mode; 0.5 kg fingers hold it
  // without creep (sim/DESIGN-ARM.md).
  fingerDrive: { stiffness: 200, damping: 20, forceLimit: 40, friction: 1, mass: 0.5 },
  controllers: {
    pd_joint_pos: { arm: { type: 'joint_pos' }, gripper },
    pd_joint_delta_pos: { arm: { type: 'joint_delta_pos', limit: 0.1, useTarget: false }, gripper },
    pd_joint_target_delta_pos: { arm: { type: 'joint_delta_pos', limit: 0.1, useTarget: true }, gripper },
    pd_ee_delta_pos: { arm: { type: 'ee_delta_pose', posLimit: 0.1, rotLimit: null }, gripper },
    pd_ee_delta_pose: { arm: { type: 'ee_delta_pose', posLimit: 0.1, rotLimit: 0.1 }, gripper },
  },
  staticThreshold: 0.2,
};
