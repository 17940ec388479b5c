import { type Pose, pose, composePose, copyPose } from '../../math/pose.js';
import { fromAxisAngle, rotate } from '../../math/quat.js';
import { type Vec3, vec3, cross, sub } from '../../math/vec3.js';
import type { UrdfJoint, UrdfModel } from '../urdf/urdf-model.js';
import { UrdfError } from '../urdf/urdf-error.js';

/**
 * The serial chain of a URDF tree from a base link to a tip link: forward kinematics of every
 * link on the way and the geometric Jacobian of the tip. Joint values are given for the
 * movable (revolute, continuous, prismatic) joints only, base to tip.
 */
export class KinematicChain {
  /** Movable joint names, base to tip. */
  readonly jointNames: readonly string[];
  /** Link names on the chain after each joint, base to tip (fixed joints included). */
  readonly linkNames: readonly string[];
  /** Lower joint limits (rad or m); -Infinity for continuous joints. */
  readonly lower: Float64Array;
  /** Upper joint limits. */
  readonly upper: Float64Array;
  /** Velocity limits (rad/s or m/s). */
  readonly velocity: Float64Array;
  /** Number of movable joints. */
  readonly dof: number;

  private readonly joints: UrdfJoint[];
  private readonly movableIndex: Int32Array;
  private readonly poses: Pose[];
  private readonly motion = pose();

  /** @throws UrdfError when `tip` is not below `base` in the tree. */
  constructor(model: UrdfModel, base: string, tip: string) {
    const byChild = new Map(model.joints.map((j) => [j.child, j]));
    const path: UrdfJoint[] = [];
    for (let link = tip; link !== base; ) {
      const j = byChild.get(link);
      if (!j) throw new UrdfError(`kinematic chain: link "${tip}" is not below "${base}" in robot "${model.name}"`);
      path.unshift(j);
      link = j.parent;
    }
    this.joints = path;
    this.linkNames = path.map((j) => j.child);
    const movable = path.filter((j) => j.type !== 'fixed');
    this.jointNames = movable.map((j) => j.name);
    this.dof = movable.length;
    this.lower = Float64Array.from(movable, (j) => (j.limit ? j.limit.lower : -Infinity));
    this.upper = Float64Array.from(movable, (j) => (j.limit ? j.limit.upper : Infinity));
    this.velocity = Float64Array.from(movable, (j) => (j.limit ? j.limit.velocity : Infinity));
    let k = 0;
    this.movableIndex = Int32Array.from(path, (j) => (j.type === 'fixed' ? -1 : k++));
    this.poses = path.map(() => pose());
  }

  /**
   * Poses of every chain link (in `linkNames` order) in the base frame, written into `target`
   * (which must hold linkNames.length poses) and returned.
   */
  linkPoses(q: ArrayLike<number>, target: Pose[] = this.linkNames.map(() => pose())): Pose[] {
    let parent: Pose | null = null;
    for (let i = 0; i < this.joints.length; i++) {
      const j = this.joints[i]!;
      const out = target[i]!;
      if (parent) composePose(parent, j.origin, out);
      else copyPose(j.origin, out);
      const k = this.movableIndex[i]!;
      if (k >= 0) {
        const m = this.jointMotion(j, q[k]!);
        composePose(out, m, out);
      }
      parent = out;
    }
    return target;
  }

  /** Pose of the tip link in the base frame. */
  forward(q: ArrayLike<number>, target: Pose = pose()): Pose {
    const poses = this.linkPoses(q, this.poses);
    return copyPose(poses[poses.length - 1]!, target);
  }

  /**
   * Geometric Jacobian of the tip origin in the base frame, row-major 6 x dof: rows 0-2 map joint
   * rates to linear velocity, rows 3-5 to angular velocity. Returns the tip pose too.
   */
  jacobian(q: ArrayLike<number>, target: Float64Array = new Float64Array(6 * this.dof), tipPose: Pose = pose()): Float64Array {
    const poses = this.linkPoses(q, this.poses);
    const tip = poses[poses.length - 1]!;
    copyPose(tip, tipPose);
    const n = this.dof;
    for (let i = 0; i < this.joints.length; i++) {
      const k = this.movableIndex[i]!;
      if (k < 0) continue;
      const frame = poses[i]!;
      const axis = rotate(frame.q, this.joints[i]!.axis, scratchAxis);
      if (this.joints[i]!.type === 'prismatic') {
        target[k] = axis.x;
        target[n + k] = axis.y;
        target[2 * n + k] = axis.z;
        target[3 * n + k] = 0;
        target[4 * n + k] = 0;
        target[5 * n + k] = 0;
      } else {
        const lin = cross(axis, sub(tip.p, frame.p, scratchLever), scratchLever);
        target[k] = lin.x;
        target[n + k] = lin.y;
        target[2 * n + k] = lin.z;
        target[3 * n + k] = axis.x;
        target[4 * n + k] = axis.y;
        target[5 * n + k] = axis.z;
      }
    }
    return target;
  }

  /** Clamp q into the joint limits in place. */
  clamp(q: Float64Array | number[]): void {
    for (let i = 0; i < this.dof; i++) q[i] = Math.min(this.upper[i]!, Math.max(this.lower[i]!, q[i]!));
  }

  private jointMotion(j: UrdfJoint, value: number): Pose {
    const m = this.motion;
    if (j.type === 'prismatic') {
      m.p.x = j.axis.x * value;
      m.p.y = j.axis.y * value;
      m.p.z = j.axis.z * value;
      m.q.w = 1;
      m.q.x = m.q.y = m.q.z = 0;
    } else {
      m.p.x = m.p.y = m.p.z = 0;
      fromAxisAngle(j.axis, value, m.q);
    }
    return m;
  }
}

const scratchAxis: Vec3 = vec3();
const scratchLever: Vec3 = vec3();
