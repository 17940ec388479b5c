import type { Pose } from '../math/pose.js';
import { conjugate, multiply, quat, rotate } from '../math/quat.js';
import { type Vec3, dot, vec3 } from '../math/vec3.js';
import type { BoxPart } from './scene.js';

/**
 * The one joint of a jointed object, as MuJoCo's XMLs give it: a hinge ('revolute', rad) or a
 * slide ('prismatic', m) along `axis` (unit, base frame) through the moving body's origin,
 * position limited to `range`, with viscous damping (N s/m or N m s/rad) and an optional spring
 * (stiffness toward `springRef`; MuJoCo's springref).
 */
export interface JointSpec {
  type: 'revolute' | 'prismatic';
  axis: Vec3;
  range: readonly [number, number];
  damping: number;
  stiffness?: number;
  springRef?: number;
}

/**
 * A jointed object (a drawer in its case, a door on its frame, a button in its box): a fixed
 * base of boxes and one moving body of boxes joined to it. Meta-World's articulated objects are
 * all this shape: one joint between a static frame and one moving link.
 */
export interface JointedOptions {
  /** Pose of the base frame, world frame. */
  pose: Pose;
  /** The base's boxes in the base frame. */
  base: readonly BoxPart[];
  /** Where the moving body's origin sits in the base frame at joint position 0 (no rotation). */
  movingAt: Vec3;
  /** The moving body's boxes in its frame. */
  moving: readonly BoxPart[];
  /** Mass (kg), its centre in the moving frame, and principal inertia about it (kg m^2). */
  mass: { mass: number; centre: Vec3; inertia: Vec3 };
  joint: JointSpec;
  friction?: number;
}

/** The joint position of `moving` relative to `base` (both world poses) for `spec`, given the moving origin's zero in the base frame. */
export function jointPosition(base: Pose, moving: Pose, movingAt: Vec3, spec: JointSpec): number {
  const inv = conjugate(base.q, scratchQ);
  if (spec.type === 'prismatic') {
    scratchV.x = moving.p.x - base.p.x;
    scratchV.y = moving.p.y - base.p.y;
    scratchV.z = moving.p.z - base.p.z;
    const local = rotate(inv, scratchV, scratchV);
    local.x -= movingAt.x;
    local.y -= movingAt.y;
    local.z -= movingAt.z;
    return dot(local, spec.axis);
  }
  // The moving body's rotation in the base frame is a turn about the axis: its angle.
  const rel = multiply(inv, moving.q, scratchQ2);
  return 2 * Math.atan2(rel.x * spec.axis.x + rel.y * spec.axis.y + rel.z * spec.axis.z, rel.w);
}

/** The moving body's world pose at joint position `q`, into `target`. */
export function movingPose(base: Pose, movingAt: Vec3, spec: JointSpec, q: number, target: Pose): Pose {
  const a = spec.axis;
  let local: Vec3 = movingAt;
  let turn = IDENTITY;
  if (spec.type === 'prismatic') local = { x: movingAt.x + q * a.x, y: movingAt.y + q * a.y, z: movingAt.z + q * a.z };
  else {
    const s = Math.sin(q / 2);
    turn = quat(Math.cos(q / 2), a.x * s, a.y * s, a.z * s);
  }
  rotate(base.q, local, target.p);
  target.p.x += base.p.x;
  target.p.y += base.p.y;
  target.p.z += base.p.z;
  multiply(base.q, turn, target.q);
  return target;
}

const IDENTITY = quat();
const scratchQ = quat();
const scratchQ2 = quat();
const scratchV = vec3();
