import { type Quat, quat, multiply, rotate, conjugate, copyQuat } from './quat.js';
import { type Vec3, vec3, add, sub, copy } from './vec3.js';

/** A rigid transform: position `p` and orientation `q`. */
export interface Pose {
  p: Vec3;
  q: Quat;
}

/** A new pose, identity by default. */
export function pose(p: Vec3 = vec3(), q: Quat = quat()): Pose {
  return { p, q };
}

/** target = a * b: b expressed in a's frame, taken to a's parent (safe when target aliases a or b). */
export function composePose(a: Pose, b: Pose, target: Pose = pose()): Pose {
  const p = rotate(a.q, b.p, scratch);
  add(a.p, p, target.p);
  multiply(a.q, b.q, target.q);
  return target;
}

/** target = a^-1 */
export function invertPose(a: Pose, target: Pose = pose()): Pose {
  conjugate(a.q, target.q);
  rotate(target.q, a.p, target.p);
  target.p.x = -target.p.x;
  target.p.y = -target.p.y;
  target.p.z = -target.p.z;
  return target;
}

/** target = a^-1 * b: b expressed in a's frame. */
export function relativePose(a: Pose, b: Pose, target: Pose = pose()): Pose {
  const inv = conjugate(a.q, scratchQ);
  sub(b.p, a.p, scratch);
  rotate(inv, scratch, target.p);
  multiply(inv, b.q, target.q);
  return target;
}

/** target = a (deep componentwise copy). */
export function copyPose(a: Pose, target: Pose): Pose {
  copy(a.p, target.p);
  copyQuat(a.q, target.q);
  return target;
}

const scratch = vec3();
const scratchQ = quat();
