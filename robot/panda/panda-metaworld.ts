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
 * and a gripper effort where +1 closes with Meta-World's squeeze. The other modes keep
 * ManiSkill's conventions.
 */
export const PANDA_METAWORLD: RobotDescription = {
  ...PANDA,
  uid: 'panda_metaworld',
  rest: {
    qpos: [Math.PI / 2, ...PANDA.rest.qpos.slice(1)],
    basePose: { p: { x: 0, y: 0.2, z: 0 }, q: { w: 1, x: 0, y: 0, z: 0 } },
  },
  // Meta-World's claws are position actuators (kp 400, no force limit) whose target is the
  // effort itself in metres, so the effort sets the squeeze: about 390 N per pad at effort 1 on
  // its 4 cm object, 30 N at 0.1. pd_ee_delta_pos's gripper range below aims the fingers the
  // same way; Rapier's force-based motor squeezed 1.25x stiffness x error at rest here (489 N at
  // 400 N/m), so 320 N/m gives Meta-World's 390 and 30 N (metaworld-grip.test.ts); no limit.
  fingerDrive: { ...PANDA.fingerDrive, stiffness: 320, damping: 40, forceLimit: 1e5 },
  controllers: {
    ...PANDA.controllers,
    pd_ee_delta_pos: {
      // Meta-World's mocap keeps pointing the hand down: hold the reset's orientation.
      arm: { type: 'ee_delta_pose', posLimit: 0.01, rotLimit: null, holdOrientation: true },
      // +1 aims each finger 1 m past closed and -1 1 m past open (held at the joint limit).
      gripper: { lower: -0.96, upper: 1.04, closeAtPlusOne: true },
    },
  },
};

/**
 * The Meta-World Panda 0.15 m further back (base at (0, 0.05, 0), nearer the Sawyer's (0, 0, 0)),
 * for tasks that work close to the hand box's y = 0.4 wall: peg-insert-side's box sits down to
 * y = 0.4 with its hole facing +x, where from y = 0.2 the Panda's elbow (joint 4) runs into its
 * limit before the TCP gets there pointing down. From here the far reach goals (y = 0.9) would
 * not all be in reach, which is why the others keep the base at y = 0.2.
 */
export const PANDA_METAWORLD_BACK: RobotDescription = {
  ...PANDA_METAWORLD,
  uid: 'panda_metaworld_back',
  rest: { ...PANDA_METAWORLD.rest, basePose: { p: { x: 0, y: 0.05, z: 0 }, q: { w: 1, x: 0, y: 0, z: 0 } } },
};
