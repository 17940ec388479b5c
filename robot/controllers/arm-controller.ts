/** A controller's saved state: its joint targets. */
export interface ControllerState {
  target: number[];
}

/**
 * Turns one control step's arm action into joint position targets. The simulated arm (or the
 * real one) then tracks those targets until the next control step.
 */
export interface ArmController {
  /** Number of action entries this controller reads. */
  readonly actionDim: number;
  /** Lower bound of each action entry. */
  readonly actionLow: Float32Array;
  /** Upper bound of each action entry. */
  readonly actionHigh: Float32Array;
  /** Joint targets computed by the last setAction (or reset). */
  readonly target: Float64Array;
  /** Start of an episode: targets become the measured joint positions. */
  reset(qpos: ArrayLike<number>): void;
  /** Read action[offset .. offset + actionDim) and compute new targets from the measured qpos. */
  setAction(action: ArrayLike<number>, offset: number, qpos: ArrayLike<number>): void;
  /** Save the targets. */
  getState(): ControllerState;
  /** Restore targets saved by getState. */
  setState(state: ControllerState): void;
}
