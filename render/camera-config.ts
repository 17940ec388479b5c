import { InvalidArgumentError } from '../errors.js';
import type { Pose } from '../math/pose.js';
import { conjugate, rotate } from '../math/quat.js';
import { cross, sub, type Vec3 } from '../math/vec3.js';

/** Where a camera sits: a pose (ManiSkill's camera frame: x forward, y left, z up), or an eye looking at a target with z up. */
export type CameraPlacement = { pose: Pose } | { eye: Vec3; target: Vec3 };

/**
 * A camera as ManiSkill's CameraConfig has it: uid, placement, image size, vertical field of
 * view (radians), clipping planes, and either fixed in the world (`mount` null) or carried by a
 * named link with the placement relative to it.
 */
export interface CameraConfig {
  uid: string;
  placement: CameraPlacement;
  width: number;
  height: number;
  /** Vertical field of view, radians (SAPIEN's fovy). */
  fov: number;
  near: number;
  far: number;
  /** A link that carries the camera, or null for a fixed camera. */
  mount: string | null;
}

/** Pinhole intrinsics in pixels, OpenCV's convention (x right, y down, z forward; pixel (0, 0) is the top-left pixel's corner). */
export interface Intrinsics {
  fx: number;
  fy: number;
  cx: number;
  cy: number;
}

/** ManiSkill's defaults for what a task leaves out: near 0.01 m, far 100 m, fixed. */
export const CAMERA_DEFAULTS = { near: 0.01, far: 100, mount: null } as const;

/** A fixed look-at camera with ManiSkill's default clipping planes. */
export function lookAtCamera(uid: string, eye: Vec3, target: Vec3, width: number, height: number, fov: number): CameraConfig {
  return { uid, placement: { eye, target }, width, height, fov, ...CAMERA_DEFAULTS };
}

/** The intrinsics of a camera: square pixels, principal point at the image centre. */
export function intrinsicsOf(c: Pick<CameraConfig, 'width' | 'height' | 'fov'>): Intrinsics {
  const fy = c.height / 2 / Math.tan(c.fov / 2);
  return { fx: fy, fy, cx: c.width / 2, cy: c.height / 2 };
}

/**
 * The camera's pose in its parent frame (world, or the mount link), ManiSkill's camera frame:
 * x forward, y left, z up, as SAPIEN's look_at builds it.
 */
export function cameraPose(c: CameraConfig, target: Pose = { p: { x: 0, y: 0, z: 0 }, q: { w: 1, x: 0, y: 0, z: 0 } }): Pose {
  const at = c.placement;
  if ('pose' in at) {
    Object.assign(target.p, at.pose.p);
    Object.assign(target.q, at.pose.q);
    return target;
  }
  const f = unit(sub(at.target, at.eye), 'target - eye');
  const l = unit(cross({ x: 0, y: 0, z: 1 }, f), 'a view not along z');
  const u = cross(f, l);
  Object.assign(target.p, at.eye);
  quatFromColumns(f, l, u, target.q);
  return target;
}

/**
 * Project a world point into a camera at `world` (its pose in ManiSkill's camera frame):
 * pixel coordinates (u right, v down) and depth along the optical axis, metres.
 */
export function projectPoint(c: CameraConfig, world: Pose, point: Vec3): { u: number; v: number; depth: number } {
  const k = intrinsicsOf(c);
  // Into the camera frame: R^T (p - t), then x forward -> OpenCV z, y left -> -x, z up -> -y.
  const d = sub(point, world.p);
  const cam = rotate(conjugate(world.q), d);
  const z = cam.x;
  return { u: k.fx * (-cam.y / z) + k.cx, v: k.fy * (-cam.z / z) + k.cy, depth: z };
}

function unit(a: Vec3, what: string): Vec3 {
  const n = Math.hypot(a.x, a.y, a.z);
  if (!(n > 1e-9)) throw new InvalidArgumentError(`camera look-at: expected ${what} with a length, got ${JSON.stringify(a)}`);
  return { x: a.x / n, y: a.y / n, z: a.z / n };
}

// A rotation matrix given by its columns, as a unit quaternion (Shepperd's method).
function quatFromColumns(c0: Vec3, c1: Vec3, c2: Vec3, out: { w: number; x: number; y: number; z: number }): void {
  const m00 = c0.x, m10 = c0.y, m20 = c0.z, m01 = c1.x, m11 = c1.y, m21 = c1.z, m02 = c2.x, m12 = c2.y, m22 = c2.z;
  const tr = m00 + m11 + m22;
  if (tr > 0) {
    const s = Math.sqrt(tr + 1) * 2;
    out.w = s / 4; out.x = (m21 - m12) / s; out.y = (m02 - m20) / s; out.z = (m10 - m01) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    out.w = (m21 - m12) / s; out.x = s / 4; out.y = (m01 + m10) / s; out.z = (m02 + m20) / s;
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    out.w = (m02 - m20) / s; out.x = (m01 + m10) / s; out.y = s / 4; out.z = (m12 + m21) / s;
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    out.w = (m10 - m01) / s; out.x = (m02 + m20) / s; out.y = (m12 + m21) / s; out.z = s / 4;
  }
}

/** The observation key of a camera's colour image, robomimic's name (`obs/<camera>_image`) as demos record it. */
export function cameraImageKey(camera: string): string {
  return `${camera}_image`;
}
