import { ArmkitError } from '../errors.js';
import type { Problem } from '../schema-problems.js';

/** Base of every error the hardware layer throws on purpose. */
export class HardwareError extends ArmkitError {}

/**
 * A driver, twin or deploy configuration was refused. The message lists every problem found,
 * one per line, each naming the field, what was expected and what was found, e.g.
 * `robot.jointStates.topic: expected a ROS name starting with "/", found "joint_states"`.
 */
export class ConfigError extends HardwareError {
  /** Every problem, in file order; `path` is the dotted path of the field in its file. */
  readonly problems: readonly Problem[];

  /** @param problems every problem found; at least one. */
  constructor(problems: readonly Problem[], options?: { cause?: unknown }) {
    const lines = problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.found}`);
    super(lines.length === 1 ? lines[0]! : `${lines.length} problems:\n${lines.map((l) => `  - ${l}`).join('\n')}`, options);
    this.problems = problems;
  }

  /** The error for one problem at `path` (`found` already rendered). */
  static at(path: string, expected: string, found: string, options?: { cause?: unknown }): ConfigError {
    return new ConfigError([{ path, expected, found }], options);
  }
}

/** The robot could not be reached, or the link dropped while an operation needed it. */
export class ConnectionError extends HardwareError {}

/** An operation needed the driver in a state it was not in (not connected, not armed, e-stopped). */
export class DriverStateError extends HardwareError {}

/** A reset did not bring the arm where it was asked to go in time. */
export class ResetError extends HardwareError {}

/**
 * The rosbridge endpoint refused something: an unknown message or service type, a topic type
 * clash, a service name taken, a JSON message that does not fit its type.
 */
export class RosbridgeError extends HardwareError {}

/** A detector could not be built or run (bad model kind, missing observation key). */
export class DetectorError extends HardwareError {}

/** The deploy loop could not be set up (policy and driver disagree on keys or sizes). */
export class DeployError extends HardwareError {}

/** A teleoperation device missing, unreadable, or sending reports of the wrong shape. */
export class InputDeviceError extends HardwareError {}
