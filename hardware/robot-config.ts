import { readFileSync } from 'node:fs';
import { Registry } from '../registry.js';
import { ConfigError } from './hardware-errors.js';
import { parseConfig } from './parse-config.js';
import { ROBOT_CONFIG_SCHEMA } from './robot-config-schema.js';
import type { RobotDriver } from './robot-driver.js';
import { parseRosDriverConfig } from './ros/ros-driver-config.js';
import { RosDriver } from './ros/ros-driver.js';
import { parseSimDriverConfig } from './sim/sim-driver-config.js';
import { SimDriver } from './sim/sim-driver.js';

/** A kind of driver a robot config can name. */
export interface DriverKind {
  /** Build a driver from the config's driver fields (checked). */
  create(raw: Record<string, unknown>, log: (line: string) => void): RobotDriver;
}

/** Driver kinds by the config's `driver` field. */
export const DRIVER_KINDS = new Registry<DriverKind>('driver', [
  ['sim', { create: (raw) => new SimDriver(parseSimDriverConfig(raw)) }],
  ['ros', { create: (raw, log) => new RosDriver(parseRosDriverConfig(raw), { log }) }],
]);

/** A robot config file: the driver's fields, plus the `task` it runs, its `perception` inputs, `detector` and `reset`. */
export interface RobotConfigFile {
  driver: Record<string, unknown>;
  /** Task id whose observation, success rule and reward apply (a sim driver's own task by default). */
  task: unknown;
  perception: unknown;
  detector: unknown;
  reset: unknown;
}

/**
 * Read a robot config: a JSON file, or "sim:TASK" for the simulated arm of a task (detector:
 * the task's evaluate()). The whole file is checked at once, driver fields, detector and reset.
 * @throws ConfigError listing every bad field.
 */
export function readRobotConfig(spec: string): RobotConfigFile {
  if (spec.startsWith('sim:')) {
    const raw = { driver: 'sim', task: spec.slice(4) };
    parseConfig(ROBOT_CONFIG_SCHEMA, raw, spec);
    return { driver: raw, task: raw.task, perception: undefined, detector: { kind: 'task' }, reset: { kind: 'task' } };
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(spec, 'utf8'));
  } catch (e) {
    throw ConfigError.at(spec, 'a readable JSON file', (e as Error).message, { cause: e });
  }
  parseConfig(ROBOT_CONFIG_SCHEMA, raw, 'robot');
  const { detector, reset, perception, $schema, ...fields } = raw;
  // The task is a deploy field of a ROS arm and a driver field of the simulated one.
  const { task, ...others } = fields;
  return { driver: fields['driver'] === 'sim' ? fields : others, task, perception, detector, reset };
}
