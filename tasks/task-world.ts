import type { Pose } from '../math/pose.js';
import type { Vec3 } from '../math/vec3.js';
import type { Robot } from '../robot/robot.js';

/**
 * What a task reads of the world to observe, evaluate and reward: the robot's measured state
 * and the poses of the task's objects. A simulated env reads it off the Rapier scene; a robot
 * env off the driver's joint states and its perception inputs (object and goal poses from
 * topics). The arrays and the pose are rewritten in place on each refresh.
 */
export interface TaskWorld {
  readonly robot: Robot;
  /** Arm joint positions, rad, in the description's armJoints order. */
  readonly armQ: Float64Array;
  /** Arm joint velocities, rad/s. */
  readonly armQd: Float64Array;
  /** Finger joint positions, m, in gripperJoints order. */
  readonly fingerQ: Float64Array;
  /** Finger joint velocities, m/s. */
  readonly fingerQd: Float64Array;
  /** TCP pose, world frame. */
  readonly tcp: Pose;
  /** Pose of a task object by name, world frame, into `target`. @throws when the world does not know it. */
  objectPose(name: string, target: Pose): Pose;
  /** Linear (m/s) and angular (rad/s) velocity of a task object, world frame, into the targets. */
  objectVelocity(name: string, linear: Vec3, angular: Vec3): void;
  /** Whether both fingers hold the named object (ManiSkill's is_grasping). */
  isGrasping(name: string): boolean;
  /** World positions of the two fingers' pads (Meta-World's caging reward), into the targets. */
  fingerPads(left: Vec3, right: Vec3): void;
  /**
   * The goal position, when the world perceives it (a topic on a real arm, the sim's own task
   * behind a simulated robot), into `target`; null when the task's own drawn goal holds.
   */
  perceivedGoal(target: Vec3): Vec3 | null;
}
