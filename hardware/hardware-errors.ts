import { ArmkitError } from '../errors.js';

/** Base of every error the hardware layer throws on purpose. */
export class HardwareError extends ArmkitError {}

/**
 * A driver, twin or deploy configuration was refused. The message names the field, what was
 * expected and what was found, e.g. `ros.jointStates.topic: expected a ROS name starting with "/", found "joint_states"`.
 */
export class ConfigError extends HardwareError {
  /**
   * @param field dotted path of the bad field.
   * @param expected what the field must hold.
   * @param found what it held, already rendered.
   */
  constructor(readonly field: string, readonly expected: string, readonly found: string, options?: { cause?: unknown }) {
    super(`${field}: expected ${expected}, found ${found}`, options);
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

/** Renders any JSON-ish value for a ConfigError's `found` part. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}
