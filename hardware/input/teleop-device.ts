import type { TeleopCommand } from './keyboard-teleop.js';

/**
 * A teleoperation device as a session reads it: one control step's pd_ee_delta_pose action
 * (6 motion entries in [-1, 1] and the gripper, -1 closed), episode commands, and a reset at
 * each new episode. The keyboard, the SpaceMouse and the browser page implement it.
 */
export interface TeleopDevice {
  /** The controls, one line, for the status line. */
  readonly help: string;
  /** This control step's 7-d action into `target`. */
  nextAction(target?: Float32Array): Float32Array;
  /** The next episode command, if one came. */
  nextCommand(): TeleopCommand | undefined;
  /** Drop pending motion and open the gripper (a new episode). */
  reset(): void;
}
