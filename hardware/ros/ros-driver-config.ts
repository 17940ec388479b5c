import { CONTROL_MODES, type ControlMode } from '../../robot/controllers/controller-config.js';
import { ConfigError, describeValue } from '../hardware-errors.js';
import { known, object, parseSafetyConfig, SAFETY_DEFAULTS, type SafetyConfig } from '../safety/safety-config.js';

/** How arm commands go out. */
export type CommandInterface = 'float64_array' | 'joint_trajectory' | 'equilibrium_pose';

/** Every command interface. */
export const COMMAND_INTERFACES: readonly CommandInterface[] = ['float64_array', 'joint_trajectory', 'equilibrium_pose'];

/** A real (or twin) arm behind a rosbridge v2 server. Plain JSON. */
export interface RosDriverConfig {
  driver: 'ros';
  /** rosbridge WebSocket URL, ws:// or wss://. */
  url: string;
  /** ROS 1 ("sensor_msgs/JointState") or ROS 2 ("sensor_msgs/msg/JointState") type names and stamps. */
  rosVersion: 1 | 2;
  /** Robot uid in the robot registry. */
  robot: string;
  /** Control mode of sendAction. */
  controlMode: ControlMode;
  /** Control rate the loop keeps and the limits are computed for, Hz. */
  controlHz: number;
  /** sensor_msgs/JointState topic and the robot-side names of the arm and finger joints, in the description's order. */
  jointStates: { topic: string; armJoints: string[]; gripperJoints: string[] };
  /** Arm command: interface, topic, and frame of headers and poses (the arm's base link). */
  command: { interface: CommandInterface; topic: string; frameId: string };
  /** std_msgs/Float64 finger target topic, or null for an arm without a gripper command. */
  gripper: { topic: string } | null;
  /** std_msgs/Float64MultiArray topics carrying task observations (object pose, goal), by observation key. */
  observationTopics: { key: string; topic: string }[];
  /** E-stop sources on the ROS side: a std_msgs/Bool topic (true latches) and a std_srvs/Trigger service armkit advertises. */
  estop: { topic: string | null; service: string | null };
  /** std_srvs/Trigger service that resets the scene (the twin's /twin/reset), or null. */
  sceneResetService: string | null;
  /** Reconnection backoff and the first-connection timeout, ms. */
  reconnect: { initialDelayMs: number; maxDelayMs: number; connectTimeoutMs: number };
  /** Safety limits. */
  safety: SafetyConfig;
}

const PANDA_ARM = ['panda_joint1', 'panda_joint2', 'panda_joint3', 'panda_joint4', 'panda_joint5', 'panda_joint6', 'panda_joint7'];

/** The defaults: a Panda as the twin (or franka_ros) serves it, joint positions as Float64MultiArray at 20 Hz. */
export const ROS_DRIVER_DEFAULTS: RosDriverConfig = {
  driver: 'ros',
  url: 'ws://127.0.0.1:9090',
  rosVersion: 1,
  robot: 'panda',
  controlMode: 'pd_ee_delta_pose',
  controlHz: 20,
  jointStates: { topic: '/joint_states', armJoints: PANDA_ARM, gripperJoints: ['panda_finger_joint1', 'panda_finger_joint2'] },
  command: { interface: 'float64_array', topic: '/arm/joint_command', frameId: 'panda_link0' },
  gripper: { topic: '/gripper/command' },
  observationTopics: [],
  estop: { topic: null, service: null },
  sceneResetService: null,
  reconnect: { initialDelayMs: 100, maxDelayMs: 2000, connectTimeoutMs: 5000 },
  safety: SAFETY_DEFAULTS,
};

/**
 * Check a ROS driver config from JSON, filling in defaults.
 * @throws ConfigError naming the first bad field, what was expected and what was found.
 */
export function parseRosDriverConfig(raw: unknown, path = 'robot'): RosDriverConfig {
  const o = object(raw, path);
  const d = ROS_DRIVER_DEFAULTS;
  known(o, path, Object.keys(d));
  if (o['driver'] !== 'ros') throw new ConfigError(`${path}.driver`, '"ros"', describeValue(o['driver']));
  const url = str(o['url'] ?? d.url, `${path}.url`);
  if (!/^wss?:\/\/[^\s/]+/.test(url)) throw new ConfigError(`${path}.url`, 'a ws:// or wss:// URL', describeValue(url));
  const rosVersion = o['rosVersion'] ?? d.rosVersion;
  if (rosVersion !== 1 && rosVersion !== 2) throw new ConfigError(`${path}.rosVersion`, '1 or 2', describeValue(rosVersion));
  const controlMode = (o['controlMode'] ?? d.controlMode) as ControlMode;
  if (!CONTROL_MODES.includes(controlMode)) throw new ConfigError(`${path}.controlMode`, `one of ${CONTROL_MODES.join(', ')}`, describeValue(controlMode));
  const controlHz = o['controlHz'] ?? d.controlHz;
  if (typeof controlHz !== 'number' || !(controlHz >= 1 && controlHz <= 1000)) throw new ConfigError(`${path}.controlHz`, 'a rate in [1, 1000] Hz', describeValue(controlHz));

  const js = sub(o, 'jointStates', path, d.jointStates);
  const jointStates = {
    topic: rosName(js['topic'] ?? d.jointStates.topic, `${path}.jointStates.topic`),
    armJoints: names(js['armJoints'] ?? d.jointStates.armJoints, `${path}.jointStates.armJoints`),
    gripperJoints: names(js['gripperJoints'] ?? d.jointStates.gripperJoints, `${path}.jointStates.gripperJoints`),
  };
  const c = sub(o, 'command', path, d.command);
  const iface = (c['interface'] ?? d.command.interface) as CommandInterface;
  if (!COMMAND_INTERFACES.includes(iface)) throw new ConfigError(`${path}.command.interface`, `one of ${COMMAND_INTERFACES.join(', ')}`, describeValue(iface));
  const command = { interface: iface, topic: rosName(c['topic'] ?? d.command.topic, `${path}.command.topic`), frameId: str(c['frameId'] ?? d.command.frameId, `${path}.command.frameId`) };
  const gripper = o['gripper'] === null ? null : { topic: rosName(sub(o, 'gripper', path, d.gripper!)['topic'] ?? d.gripper!.topic, `${path}.gripper.topic`) };
  const obsRaw = o['observationTopics'] ?? d.observationTopics;
  if (!Array.isArray(obsRaw)) throw new ConfigError(`${path}.observationTopics`, 'an array of {key, topic}', describeValue(obsRaw));
  const observationTopics = obsRaw.map((x, i) => {
    const p = `${path}.observationTopics[${i}]`;
    const e = object(x, p);
    known(e, p, ['key', 'topic']);
    return { key: str(e['key'], `${p}.key`), topic: rosName(e['topic'], `${p}.topic`) };
  });
  const es = sub(o, 'estop', path, d.estop);
  const estop = { topic: optName(es['topic'], `${path}.estop.topic`), service: optName(es['service'], `${path}.estop.service`) };
  const rc = sub(o, 'reconnect', path, d.reconnect);
  const ms = (k: 'initialDelayMs' | 'maxDelayMs' | 'connectTimeoutMs') => {
    const v = rc[k] ?? d.reconnect[k];
    if (typeof v !== 'number' || !(v >= 1 && v <= 600_000)) throw new ConfigError(`${path}.reconnect.${k}`, 'a delay in [1, 600000] ms', describeValue(v));
    return v;
  };
  return {
    driver: 'ros',
    url,
    rosVersion,
    robot: str(o['robot'] ?? d.robot, `${path}.robot`),
    controlMode,
    controlHz,
    jointStates,
    command,
    gripper,
    observationTopics,
    estop,
    sceneResetService: optName(o['sceneResetService'], `${path}.sceneResetService`),
    reconnect: { initialDelayMs: ms('initialDelayMs'), maxDelayMs: ms('maxDelayMs'), connectTimeoutMs: ms('connectTimeoutMs') },
    safety: parseSafetyConfig(o['safety'], `${path}.safety`),
  };
}

function sub(o: Record<string, unknown>, key: string, path: string, defaults: object): Record<string, unknown> {
  if (o[key] === undefined) return {};
  const v = object(o[key], `${path}.${key}`);
  known(v, `${path}.${key}`, Object.keys(defaults));
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new ConfigError(path, 'a non-empty string', describeValue(v));
  return v;
}

function rosName(v: unknown, path: string): string {
  if (typeof v !== 'string' || !/^\/[A-Za-z][\w/]*$/.test(v)) throw new ConfigError(path, 'a ROS name starting with "/"', describeValue(v));
  return v;
}

function optName(v: unknown, path: string): string | null {
  return v === undefined || v === null ? null : rosName(v, path);
}

function names(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x.length === 0)) throw new ConfigError(path, 'an array of joint names', describeValue(v));
  if (new Set(v).size !== v.length) throw new ConfigError(path, 'distinct joint names', describeValue(v));
  return v as string[];
}
