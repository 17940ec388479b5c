import type { AuditLimits } from './command-audit.js';

/** Topic and service names the twin serves. */
export interface TwinTopics {
  /** sensor_msgs/JointState out: arm joints then fingers. */
  jointStates: string;
  /** std_msgs/Float64MultiArray in: arm joint position targets. */
  jointCommand: string;
  /** trajectory_msgs/JointTrajectory in: the last point's positions become the target. */
  jointTrajectory: string;
  /** geometry_msgs/PoseStamped in: a TCP equilibrium pose in the arm's base frame (SERL). */
  equilibriumPose: string;
  /** std_msgs/Float64 in: finger target, m. */
  gripperCommand: string;
  /** std_msgs/Float64MultiArray out per task observation key: `<prefix>/<key>`. */
  observationPrefix: string;
  /** std_srvs/Trigger: start a new seeded episode. */
  resetService: string;
}

/** How a twin is run. */
export interface TwinOptions {
  /** Registered task id. */
  task: string;
  /** WebSocket port; 0 picks one. */
  port: number;
  /** Interface (default 127.0.0.1). */
  host?: string;
  /** Access token clients give as `?token=` (required off loopback). */
  token?: string;
  /** Physics and joint-state rate, Hz (default 250). */
  rateHz?: number;
  /** Seed of the first episode; each /twin/reset takes the next (default 0). */
  seed?: number;
  /** ROS 1 or ROS 2 message spellings and headers (default 1). */
  rosVersion?: 1 | 2;
  /** Names (default TWIN_TOPICS). */
  topics?: Partial<TwinTopics>;
  /** Server log lines (default: dropped). */
  log?: (line: string) => void;
  /** Check every command against these limits (tests). */
  audit?: AuditLimits;
  /**
   * Behave as the recorded real arm and server beyond the wire format (which is rosbridge
   * 0.11.17's in either mode): joint states delivered in bursts (RECORDED_BURSTS, gaps drawn
   * from `seed`) and finger velocities NaN, so null on the wire (default false).
   */
  realServer?: boolean;
}

/** The default names: franka_ros-like joint states and command topics. */
export const TWIN_TOPICS: TwinTopics = {
  jointStates: '/joint_states',
  jointCommand: '/arm/joint_command',
  jointTrajectory: '/arm/joint_trajectory',
  equilibriumPose: '/cartesian_impedance_controller/equilibrium_pose',
  gripperCommand: '/gripper/command',
  observationPrefix: '/twin/observation',
  resetService: '/twin/reset',
};
