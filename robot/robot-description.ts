import type { Pose } from '../math/pose.js';
import type { ControlMode, ControllerConfig } from './controllers/controller-config.js';

/** Physical settings of a parallel gripper's fingers in simulation. */
export interface FingerDrive {
  /** Position-motor stiffness, N/m. */
  stiffness: number;
  /** Position-motor damping, N s/m. */
  damping: number;
  /** Largest motor force, N. */
  forceLimit: number;
  /** Friction coefficient of the finger pads. */
  friction: number;
  /**
   * Mass of each finger body, kg. Not the URDF's: the solver's convergence on an object squeezed
   * between the fingers depends on their mass ratio, and a light finger lets it creep down
   * (sim/DESIGN-ARM.md); the arm is kinematic, so nothing else feels it.
   */
  mass: number;
}

/**
 * A robot as data: where its URDF is, which joints form the arm and the gripper, its rest
 * keyframe, TCP link, and one controller configuration per control mode.
 */
export interface RobotDescription {
  /** Registry id, e.g. "panda". */
  uid: string;
  /** URDF path relative to the package root. */
  urdf: string;
  /** Root link of the arm chain. */
  baseLink: string;
  /** Link whose frame is the tool centre point (between the fingertips). */
  tcpLink: string;
  /** Arm joint names, base to tip. */
  armJoints: readonly string[];
  /** Gripper joint names (each finger a prismatic joint, value = half-opening in m). */
  gripperJoints: readonly string[];
  /** Link the fingers hang from. */
  handLink: string;
  /** Finger links, in gripperJoints order. */
  fingerLinks: readonly string[];
  /** Rest keyframe: arm qpos then finger qpos, and the base pose in the world. */
  rest: { qpos: readonly number[]; basePose: Pose };
  /** Per-joint velocity limits used when the sim tracks targets, rad/s (arm) and m/s (fingers). */
  fingerDrive: FingerDrive;
  /** Controller configuration per control mode. */
  controllers: Readonly<Record<ControlMode, ControllerConfig>>;
  /** Largest per-joint arm joint speed when the arm is at rest, rad/s (ManiSkill's is_static uses 0.2). */
  staticThreshold: number;
}
