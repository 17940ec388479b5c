import type { StepInfo } from '../../tasks/env.js';
import type { DriverObservation, RobotDriver } from '../robot-driver.js';

/** What a detector sees: the driver's observation and the policy frame's keys. */
export interface DetectorInput {
  observation: DriverObservation;
  /** Observation keys by name (views into the assembled frame, plus any the loop adds). */
  views: ReadonlyMap<string, Float32Array>;
  driver: RobotDriver;
  /** The task's own verdict on this state (its evaluate() and normalized dense reward on the world). */
  task: { info: StepInfo; reward: number };
}

/** A detector's verdict on one observation. */
export interface Detection {
  success: boolean;
  /** Reward for the transition into this observation (1 on success, else 0 for binary detectors). */
  reward: number;
  /** How sure, in [0, 1]. */
  confidence: number;
}

/** Success and reward from an observation: `(observation) -> {success, reward, confidence}`. */
export interface Detector {
  /** A new episode: forget streaks and latched keys. */
  reset(): void;
  /** Judge one observation. */
  detect(input: DetectorInput): Detection | Promise<Detection>;
  /** Free models. */
  dispose?(): Promise<void>;
}
