import { Topic } from 'roslib';
import { RosLink } from '../ros/ros-link.js';
import type { LeaderArmConfig } from './leader-arm-config.js';
import type { LeaderArmTeleop } from './leader-arm-teleop.js';

/**
 * The leader arm's ROS connection: the configured JointState topic over rosbridge (roslib,
 * reconnecting with backoff), every message into the device with its arrival time. Between a
 * drop and the reconnection no state comes, so the device's staleness holds the follower.
 */
export class LeaderArmLink implements Disposable {
  private readonly link: RosLink;

  constructor(config: LeaderArmConfig, device: LeaderArmTeleop, log: (line: string) => void = () => {}) {
    this.link = new RosLink(config.url, config.token ?? null, { initialDelayMs: 100, maxDelayMs: 2000 }, { onOpen: () => log(`leader arm: connected to ${config.url}`), onClose: () => log(`leader arm: ${config.url} closed; the follower holds until it is back`), log });
    new Topic({ ros: this.link.ros, name: config.topic, messageType: 'sensor_msgs/JointState', queue_length: 0 }).subscribe((m) => device.handleJointState(m));
    this.link.start();
  }

  /** Whether the bridge is connected now. */
  get connected(): boolean {
    return this.link.connected;
  }

  /** Stop listening and reconnecting. */
  close(): void {
    this.link.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
