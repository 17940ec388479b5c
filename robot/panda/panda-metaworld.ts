import type { RobotDescription } from '../robot-description.js';
import { PANDA } from './panda.js';

/**
 * The Panda placed for Meta-World's tasks, which are laid out in front of a Sawyer along +y
 * (hand start (0, 0.6, 0.2), goals out to y = 0.9, z = 0.3). The base sits at (0, 0.2, 0)
 * unrotated, so the controller's frame stays the world's (Meta-World's deltas are world-frame),
 * with joint 1 turned a quarter so the rest pose faces the task; from there every goal of reach,
 * push and pick-place is inside the arm's reach (at y = 0 a third of them are not).
 *
 * pd_ee_delta_pos is Meta-World's 4-d action: dx, dy, dz of 0.01 m per unit (its mocap step)
 * and a gripper entry where +1 closes. The other modes keep ManiSkill's conventions.
 */
export const PANDA_METAWORLD: RobotDescription = {
  ...PANDA,
  uid: 'panda_metaworld',
  rest: {
    qpos: [Math.PI / 2, ...PANDA.rest.qpos.slice(1)],
    basePose: { p: { x: 0, y: 0.2, z: 0 }, q: { w: 1, x: 0, y: 0, z: 0 } },
  },
  // Meta-World's object weighs 0.75 kg (about 7 N of table friction); 8 N fingers cannot drag it.
  fingerDrive: { ...PANDA.fingerDrive, stiffness: 1000, damping: 100, forceLimit: 40 },
  controllers: {
    ...PANDA.controllers,
    pd_ee_delta_pos: {
      arm: { type: 'ee_delta_pose', posLimit: 0.01, rotLimit: null },
      gripper: { ...PANDA.controllers.pd_ee_delta_pos.gripper!, closeAtPlusOne: true },
    },
  },
};
