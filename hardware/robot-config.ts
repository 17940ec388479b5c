import { readFileSync } from 'node:fs';
import { Registry } from '../registry.js';
import { ConfigError, describeValue } from './hardware-errors.js';
import type { RobotDriver } from './robot-driver.js';
import { parseRosDriverConfig } from './ros/ros-driver-config.js';
import { RosDriver } from './ros/ros-driver.js';
import { object } from './safety/safety-config.js';
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
 * the task's evaluate()).
 * @throws ConfigError naming the bad field.
 */
export function readRobotConfig(spec: string): RobotConfigFile {
  if (spec.startsWith('sim:')) return { driver: { driver: 'sim', task: spec.slice(4) }, task: spec.slice(4), perception: undefined, detector: { kind: 'task' }, reset: { kind: 'task' } };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(spec, 'utf8'));
  } catch (e) {
    throw new ConfigError(spec, 'a readable JSON file', (e as Error).message, { cause: e });
  }
  const o = object(raw, 'robot');
  const { detector, reset, task, perception, ...driver } = o;
  if (typeof driver['driver'] !== 'string' || !DRIVER_KINDS.has(driver['driver'])) {
    throw new ConfigError('robot.driver', `one of ${DRIVER_KINDS.ids().join(', ')}`, describeValue(driver['driver']));
  }
  return { driver, task: task ?? driver['task'], perception, detector, reset };
}
