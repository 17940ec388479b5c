import type { Pose } from '../../math/pose.js';
import type { Vec3 } from '../../math/vec3.js';

/** A collision primitive in its link's frame. */
export type UrdfGeometry =
  | { kind: 'box'; size: Vec3 }
  | { kind: 'sphere'; radius: number }
  | { kind: 'cylinder'; radius: number; length: number }
  | { kind: 'capsule'; radius: number; length: number };

/** One collision element: a primitive placed at `origin` in the link frame. */
export interface UrdfCollision {
  origin: Pose;
  geometry: UrdfGeometry;
}

/** Mass properties of a link (inertia about the centre of mass, in the `origin` frame). */
export interface UrdfInertial {
  origin: Pose;
  mass: number;
  /** ixx, iyy, izz, ixy, ixz, iyz */
  inertia: [number, number, number, number, number, number];
}

/** A link of the kinematic tree. */
export interface UrdfLink {
  name: string;
  inertial: UrdfInertial | null;
  collisions: UrdfCollision[];
}

/** Joint kinds armkit simulates. */
export type UrdfJointType = 'revolute' | 'continuous' | 'prismatic' | 'fixed';

/** A joint: child frame = parent frame * origin * motion(axis, q). */
export interface UrdfJoint {
  name: string;
  type: UrdfJointType;
  parent: string;
  child: string;
  origin: Pose;
  /** Unit axis in the joint frame. */
  axis: Vec3;
  limit: { lower: number; upper: number; effort: number; velocity: number } | null;
}

/** A parsed URDF robot: links by name, joints in document order, the root link. */
export interface UrdfModel {
  name: string;
  links: Map<string, UrdfLink>;
  joints: UrdfJoint[];
  root: string;
}
