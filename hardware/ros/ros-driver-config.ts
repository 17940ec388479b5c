import * as v from 'valibot';
import { CONTROL_MODES } from '../../robot/controllers/controller-config.js';
import { inRange, strictFields } from '../../schema-problems.js';
import { parseConfig } from '../parse-config.js';
import { SAFETY_SCHEMA } from '../safety/safety-config.js';

/** Every command interface. */
export const COMMAND_INTERFACES = ['float64_array', 'joint_trajectory', 'equilibrium_pose'] as const;
/** How arm commands go out. */
export type CommandInterface = (typeof COMMAND_INTERFACES)[number];

const rosName = v.message(v.pipe(v.string(), v.regex(/^\/[A-Za-z][\w/]*$/)), 'a ROS name starting with "/"');
const text = v.message(v.pipe(v.string(), v.minLength(1)), 'a non-empty string');
const jointNames = v.message(v.pipe(v.array(text), v.check((n) => new Set(n).size === n.length, 'distinct joint names')), 'an array of joint names');
const delay = inRange(1, 600_000, 'a delay in [1, 600000] ms');

/**
 * A real (or twin) arm behind a rosbridge v2 server. The defaults: a Panda as the twin (or
 * franka_ros) serves it, joint positions as Float64MultiArray at 20 Hz.
 */
export const ROS_DRIVER_SCHEMA = strictFields({
  driver: v.literal('ros'),
  /** rosbridge WebSocket URL, ws:// or wss://. */
  url: v.optional(v.message(v.pipe(v.string(), v.regex(/^wss?:\/\/[^\s/]+/)), 'a ws:// or wss:// URL'), 'ws://127.0.0.1:9090'),
  /** Access token of a server that asks for one (a twin off loopback), sent as the URL's `token` query parameter; null for none. */
  token: v.optional(v.nullable(text), null),
  /** ROS 1 ("sensor_msgs/JointState") or ROS 2 ("sensor_msgs/msg/JointState") type names and stamps. */
  rosVersion: v.optional(v.picklist([1, 2], '1 or 2'), 1),
  /** Robot uid in the robot registry. */
  robot: v.optional(text, 'panda'),
  /** Control mode of sendAction. */
  controlMode: v.optional(v.picklist(CONTROL_MODES), 'pd_ee_delta_pose'),
  /** Control rate the loop keeps and the limits are computed for, Hz. */
  controlHz: v.optional(inRange(1, 1000, 'a rate in [1, 1000] Hz'), 20),
  /** sensor_msgs/JointState topic and the robot-side names of the arm and finger joints, in the description's order. */
  jointStates: v.optional(
    strictFields({
      topic: v.optional(rosName, '/joint_states'),
      armJoints: v.optional(jointNames, ['panda_joint1', 'panda_joint2', 'panda_joint3', 'panda_joint4', 'panda_joint5', 'panda_joint6', 'panda_joint7']),
      gripperJoints: v.optional(jointNames, ['panda_finger_joint1', 'panda_finger_joint2']),
    }),
    {},
  ),
  /** Arm command: interface, topic, and frame of headers and poses (the arm's base link). */
  command: v.optional(strictFields({ interface: v.optional(v.picklist(COMMAND_INTERFACES), 'float64_array'), topic: v.optional(rosName, '/arm/joint_command'), frameId: v.optional(text, 'panda_link0') }), {}),
  /** std_msgs/Float64 finger target topic, or null for an arm without a gripper command. */
  gripper: v.optional(v.nullable(strictFields({ topic: v.optional(rosName, '/gripper/command') })), {}),
  /** std_msgs/Float64MultiArray topics carrying task observations (object pose, goal), by observation key. */
  observationTopics: v.optional(v.array(strictFields({ key: text, topic: rosName }), 'an array of {key, topic}'), []),
  /** E-stop sources on the ROS side: a std_msgs/Bool topic (true latches) and a std_srvs/Trigger service armkit advertises. */
  estop: v.optional(strictFields({ topic: v.optional(v.nullable(rosName), null), service: v.optional(v.nullable(rosName), null) }), {}),
  /** std_srvs/Trigger service that resets the scene (the twin's /twin/reset), or null. */
  sceneResetService: v.optional(v.nullable(rosName), null),
  /** Reconnection backoff and the first-connection timeout, ms. */
  reconnect: v.optional(strictFields({ initialDelayMs: v.optional(delay, 100), maxDelayMs: v.optional(delay, 2000), connectTimeoutMs: v.optional(delay, 5000) }), {}),
  /** Safety limits. */
  safety: v.optional(SAFETY_SCHEMA, {}),
});

/** A ROS driver config with every default filled in. Plain JSON. */
export type RosDriverConfig = v.InferOutput<typeof ROS_DRIVER_SCHEMA>;

/** Check a ROS driver config from JSON, filling in defaults. @throws ConfigError listing every bad field. */
export function parseRosDriverConfig(raw: unknown, path = 'robot'): RosDriverConfig {
  return parseConfig(ROS_DRIVER_SCHEMA, raw, path);
}

/** The defaults (ROS_DRIVER_SCHEMA's). */
export const ROS_DRIVER_DEFAULTS: RosDriverConfig = parseRosDriverConfig({ driver: 'ros' });
