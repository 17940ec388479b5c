import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { resourceError } from '../../errors.js';
import { inRange, strictFields } from '../../schema-problems.js';
import { ConfigError } from '../hardware-errors.js';
import { parseConfig } from '../parse-config.js';
import { SAFETY_SCHEMA } from '../safety/safety-config.js';

const NAME = v.pipe(v.string(), v.minLength(1, 'a joint name'));

/**
 * A leader arm (LeRobot's leader/follower teleop): where its sensor_msgs/JointState comes from,
 * which of its joints drive which follower joints, how its gripper maps to the follower's, how
 * old a state may be before the follower holds, and the safety limits every follower command
 * passes (hardware/safety: joint limits, a step per period from the measured position, the box).
 */
export const LEADER_ARM_SCHEMA = strictFields({
  /** The rosbridge WebSocket of the leader's ROS graph. */
  url: v.pipe(v.string(), v.regex(/^wss?:\/\/./, 'a ws:// or wss:// URL')),
  /** Access token the bridge asks for (`?token=`), if any. */
  token: v.optional(v.pipe(v.string(), v.minLength(1, 'a non-empty token'))),
  /** The leader's JointState topic. */
  topic: v.optional(v.pipe(v.string(), v.regex(/^\//, 'a ROS name starting with "/"')), '/leader/joint_states'),
  /** Leader joint names in the follower arm's joint order: leader joint k drives follower joint k. */
  joints: v.pipe(v.array(NAME), v.minLength(1, 'at least one joint name')),
  /** The leader's gripper joint and its positions fully open and fully closed (the follower's gripper action goes from 1 to -1 between them). */
  gripper: v.optional(strictFields({ joint: NAME, open: v.pipe(v.number(), v.finite('a finite number')), closed: v.pipe(v.number(), v.finite('a finite number')) })),
  /** A leader state older than this holds the follower where it is, ms. */
  staleMs: v.optional(inRange(1, 10_000), 100),
  safety: v.optional(SAFETY_SCHEMA, {}),
});

/** A leader arm config, as LEADER_ARM_SCHEMA reads it. */
export type LeaderArmConfig = v.InferOutput<typeof LEADER_ARM_SCHEMA>;

/**
 * Check a leader arm config (parsed JSON), filling in defaults.
 * @throws ConfigError listing every bad field.
 */
export function parseLeaderArmConfig(raw: unknown, path = 'leader'): LeaderArmConfig {
  const c = parseConfig(LEADER_ARM_SCHEMA, raw, path);
  if (c.gripper && c.gripper.open === c.gripper.closed) throw new ConfigError([{ path: `${path}.gripper.closed`, expected: `a position other than open (${c.gripper.open})`, found: String(c.gripper.closed) }]);
  return c;
}

/**
 * Read a leader arm config file.
 * @throws ResourceError when it cannot be read; ConfigError when it is not JSON or a field is wrong.
 */
export function readLeaderArmConfig(file: string): LeaderArmConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw resourceError(`cannot read leader arm config ${file}`, e);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ path: file, expected: 'JSON', found: (e as Error).message }], { cause: e });
  }
  return parseLeaderArmConfig(raw, file);
}
