import type { Pose } from '../../math/pose.js';
import { rotate } from '../../math/quat.js';
import type { Vec3 } from '../../math/vec3.js';

/**
 * How far Meta-World's hand body sits above its TCP, m. Its action moves the Sawyer's "hand"
 * (welded to a mocap body) and its observation reports that body, while success and rewards
 * read tcp_center, the midpoint of the two fingers' EndEffector sites. In xyz_base.xml the hand
 * body's x axis runs down the fingers (the mocap holds it pointing down), the claws sit at its
 * origin, and both sites are at x = 0.045 of their claws, the tips of the pads (boxes of
 * half-length 0.045 centred on the hand): the TCP is 0.045 m below the hand. The Panda has no
 * such body; its "hand" here is the point this far up its TCP's approach axis.
 */
export const HAND_TCP_OFFSET = 0.045;

/**
 * Meta-World's box for the hand (mocap_low / mocap_high, which default to hand_low / hand_high)
 * in reach, push, pick-place and peg-insert-side, world frame.
 */
export const HAND_BOX: Readonly<{ low: Vec3; high: Vec3 }> = {
  low: { x: -0.5, y: 0.4, z: 0.05 },
  high: { x: 0.5, y: 1, z: 0.5 },
};

/**
 * Where the hand starts in the tasks whose Meta-World hand_init_pos is (0, 0.4, 0.2)
 * (button-press-topdown, window-open, window-close): the Panda placed for Meta-World (base at y =
 * 0.2) cannot put its hand there pointing down (IK misses by 7 cm), and from the base at y = 0.05
 * (panda_metaworld_back) it cannot reach the far end of these tasks' objects (y up to 0.9); 0.5 is
 * the nearest y it reaches at that height.
 */
export const PANDA_HAND_INIT_NEAR: Readonly<Vec3> = { x: 0, y: 0.5, z: 0.2 };

const UP_THE_FINGERS = { x: 0, y: 0, z: -HAND_TCP_OFFSET };

/** The hand point of a TCP pose (world frame): HAND_TCP_OFFSET up the TCP's approach axis (its z), into `target`. */
export function handPosition(tcp: Pose, target: Vec3): Vec3 {
  rotate(tcp.q, UP_THE_FINGERS, target);
  target.x += tcp.p.x;
  target.y += tcp.p.y;
  target.z += tcp.p.z;
  return target;
}
