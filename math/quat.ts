import { type Vec3, vec3 } from './vec3.js';

/** A unit quaternion, scalar part `w` (ManiSkill and SAPIEN publish wxyz order). */
export interface Quat {
  w: number;
  x: number;
  y: number;
  z: number;
}

/** A new quaternion, identity by default. */
export function quat(w = 1, x = 0, y = 0, z = 0): Quat {
  return { w, x, y, z };
}

/** target = a * b (Hamilton product; safe when target aliases a or b). */
export function multiply(a: Quat, b: Quat, target: Quat = quat()): Quat {
  const w = a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z;
  const x = a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y;
  const y = a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x;
  const z = a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w;
  target.w = w;
  target.x = x;
  target.y = y;
  target.z = z;
  return target;
}

/** target = conjugate of q (the inverse of a unit quaternion). */
export function conjugate(q: Quat, target: Quat = quat()): Quat {
  target.w = q.w;
  target.x = -q.x;
  target.y = -q.y;
  target.z = -q.z;
  return target;
}

/** target = q rotating v (safe when target aliases v). */
export function rotate(q: Quat, v: Vec3, target: Vec3 = vec3()): Vec3 {
  // v' = v + 2w(u x v) + 2u x (u x v), u the vector part.
  const tx = 2 * (q.y * v.z - q.z * v.y);
  const ty = 2 * (q.z * v.x - q.x * v.z);
  const tz = 2 * (q.x * v.y - q.y * v.x);
  const x = v.x + q.w * tx + (q.y * tz - q.z * ty);
  const y = v.y + q.w * ty + (q.z * tx - q.x * tz);
  const z = v.z + q.w * tz + (q.x * ty - q.y * tx);
  target.x = x;
  target.y = y;
  target.z = z;
  return target;
}

/** Rotation of `angle` rad about the unit `axis`. */
export function fromAxisAngle(axis: Vec3, angle: number, target: Quat = quat()): Quat {
  const h = angle / 2;
  const s = Math.sin(h);
  target.w = Math.cos(h);
  target.x = axis.x * s;
  target.y = axis.y * s;
  target.z = axis.z * s;
  return target;
}

/** Rotation by the rotation vector r (axis * angle). */
export function fromRotationVector(r: Vec3, target: Quat = quat()): Quat {
  const angle = Math.sqrt(r.x * r.x + r.y * r.y + r.z * r.z);
  if (angle < 1e-12) {
    target.w = 1;
    target.x = r.x / 2;
    target.y = r.y / 2;
    target.z = r.z / 2;
    return normalize(target, target);
  }
  const s = Math.sin(angle / 2) / angle;
  target.w = Math.cos(angle / 2);
  target.x = r.x * s;
  target.y = r.y * s;
  target.z = r.z * s;
  return target;
}

/** The rotation vector (axis * angle, angle in [0, pi]) of q. */
export function toRotationVector(q: Quat, target: Vec3 = vec3()): Vec3 {
  // Take the shortest arc: q and -q are the same rotation.
  const sign = q.w < 0 ? -1 : 1;
  const w = Math.min(1, q.w * sign);
  const sinHalf = Math.sqrt(q.x * q.x + q.y * q.y + q.z * q.z);
  const angle = 2 * Math.atan2(sinHalf, w);
  const k = sinHalf < 1e-12 ? 2 * sign : (sign * angle) / sinHalf;
  target.x = q.x * k;
  target.y = q.y * k;
  target.z = q.z * k;
  return target;
}

/** Rotation from roll-pitch-yaw as URDF defines it: R = Rz(yaw) Ry(pitch) Rx(roll). */
export function fromRpy(roll: number, pitch: number, yaw: number, target: Quat = quat()): Quat {
  const cr = Math.cos(roll / 2);
  const sr = Math.sin(roll / 2);
  const cp = Math.cos(pitch / 2);
  const sp = Math.sin(pitch / 2);
  const cy = Math.cos(yaw / 2);
  const sy = Math.sin(yaw / 2);
  target.w = cr * cp * cy + sr * sp * sy;
  target.x = sr * cp * cy - cr * sp * sy;
  target.y = cr * sp * cy + sr * cp * sy;
  target.z = cr * cp * sy - sr * sp * cy;
  return target;
}

/** target = q / |q| */
export function normalize(q: Quat, target: Quat = quat()): Quat {
  const n = Math.sqrt(q.w * q.w + q.x * q.x + q.y * q.y + q.z * q.z);
  target.w = q.w / n;
  target.x = q.x / n;
  target.y = q.y / n;
  target.z = q.z / n;
  return target;
}

/** Angle in rad of the rotation taking a to b. */
export function angleBetween(a: Quat, b: Quat): number {
  const d = Math.abs(a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z);
  return 2 * Math.acos(Math.min(1, d));
}

/** target = q (componentwise copy). */
export function copyQuat(q: Quat, target: Quat): Quat {
  target.w = q.w;
  target.x = q.x;
  target.y = q.y;
  target.z = q.z;
  return target;
}
