import type { Pose } from '../math/pose.js';
import type { Vec3 } from '../math/vec3.js';

/** Write a pose as xyz + quaternion wxyz (ManiSkill's order) into `out` at `at`. */
export function writePose(out: Float32Array, p: Pose, at = 0): void {
  out[at] = p.p.x;
  out[at + 1] = p.p.y;
  out[at + 2] = p.p.z;
  out[at + 3] = p.q.w;
  out[at + 4] = p.q.x;
  out[at + 5] = p.q.y;
  out[at + 6] = p.q.z;
}

/** Write a vector into `out` at `at`. */
export function writeVec3(out: Float32Array, v: Vec3, at = 0): void {
  out[at] = v.x;
  out[at + 1] = v.y;
  out[at + 2] = v.z;
}

/** Write b - a into `out` at `at`. */
export function writeDifference(out: Float32Array, a: Vec3, b: Vec3, at = 0): void {
  out[at] = b.x - a.x;
  out[at + 1] = b.y - a.y;
  out[at + 2] = b.z - a.z;
}
