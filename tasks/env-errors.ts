import { ArmkitError } from '../errors.js';

/** Base class of errors raised by environments. */
export class EnvError extends ArmkitError {}

/** step() was called before reset(), after the episode ended, or after close(). */
export class ResetNeededError extends EnvError {}

/** An action had the wrong length or a NaN or infinite entry. */
export class InvalidActionError extends EnvError {}

/**
 * The env could not finish the episode for a reason outside the task: a robot's e-stop, a lost
 * connection, a state stream gone stale. The episode in progress is void; the rollout discards
 * its recording and asks whether to redo it once the robot is back.
 */
export class EpisodeInterruptedError extends EnvError {}
