import { pose } from '../../math/pose.js';
import type { Robot } from '../../robot/robot.js';
import type { RosDriverConfig } from './ros-driver-config.js';

/** ROS message type names of the command interfaces, in ROS 1 spelling. */
export const COMMAND_TYPES = {
  float64_array: 'std_msgs/Float64MultiArray',
  joint_trajectory: 'trajectory_msgs/JointTrajectory',
  equilibrium_pose: 'geometry_msgs/PoseStamped',
} as const;

/** A type name in the config's ROS version ("std_msgs/msg/Float64" for ROS 2). */
export function rosType(type: string, rosVersion: 1 | 2): string {
  if (rosVersion === 1) return type;
  const [pkg, name] = type.split('/');
  return `${pkg}/${type.startsWith('std_srvs/') ? 'srv' : 'msg'}/${name}`;
}

/**
 * Builds the command messages of the configured interface from a checked arm joint target:
 * joint positions as Float64MultiArray, a one-point JointTrajectory reaching them in one control
 * period, or the TCP pose they give as a PoseStamped in the base frame (SERL's impedance
 * controller). Message objects are reused between calls.
 */
export class CommandMessages {
  private readonly armMsg: Record<string, unknown>;
  private readonly data: number[];
  private readonly gripperMsg = { data: 0 };
  private readonly tcp = pose();
  private readonly ros1: boolean;

  constructor(private readonly config: RosDriverConfig, private readonly robot: Robot) {
    const n = robot.chain.dof;
    this.data = new Array<number>(n).fill(0);
    this.ros1 = config.rosVersion === 1;
    const periodNs = Math.round(1e9 / config.controlHz);
    const header = () => ({ ...(this.ros1 ? { seq: 0, stamp: { secs: 0, nsecs: 0 } } : { stamp: { sec: 0, nanosec: 0 } }), frame_id: config.command.frameId });
    switch (config.command.interface) {
      case 'float64_array':
        this.armMsg = { layout: { dim: [], data_offset: 0 }, data: this.data };
        break;
      case 'joint_trajectory': {
        const t = this.ros1 ? { secs: Math.floor(periodNs / 1e9), nsecs: periodNs % 1e9 } : { sec: Math.floor(periodNs / 1e9), nanosec: periodNs % 1e9 };
        this.armMsg = { header: header(), joint_names: config.jointStates.armJoints, points: [{ positions: this.data, velocities: [], accelerations: [], effort: [], time_from_start: t }] };
        break;
      }
      case 'equilibrium_pose':
        this.armMsg = { header: header(), pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } };
        break;
    }
  }

  /** The arm command for `target` (base-frame forward kinematics for the pose interface), stamped `at` (epoch ms). */
  arm(target: ArrayLike<number>, at: number): Record<string, unknown> {
    if (this.config.command.interface === 'equilibrium_pose') {
      const p = this.robot.chain.forward(target, this.tcp);
      const m = this.armMsg['pose'] as { position: Record<string, number>; orientation: Record<string, number> };
      m.position['x'] = p.p.x;
      m.position['y'] = p.p.y;
      m.position['z'] = p.p.z;
      m.orientation['x'] = p.q.x;
      m.orientation['y'] = p.q.y;
      m.orientation['z'] = p.q.z;
      m.orientation['w'] = p.q.w;
    } else {
      for (let i = 0; i < this.data.length; i++) this.data[i] = target[i]!;
    }
    const header = this.armMsg['header'] as { stamp: Record<string, number> } | undefined;
    if (header) {
      const secs = Math.floor(at / 1000);
      const nsecs = Math.floor((at - secs * 1000) * 1e6);
      if (this.ros1) Object.assign(header.stamp, { secs, nsecs });
      else Object.assign(header.stamp, { sec: secs, nanosec: nsecs });
    }
    return this.armMsg;
  }

  /** The finger command. */
  gripper(target: number): { data: number } {
    this.gripperMsg.data = target;
    return this.gripperMsg;
  }
}
