import { ArmkitError } from '../errors.js';

/** Base class of errors raised by environments. */
export class EnvError extends ArmkitError {}

/** step() was called before reset(), after the episode ended, or after close(). */
export class ResetNeededError extends EnvError {}

/** An action had the wrong length or a NaN or infinite entry. */
export class InvalidActionError extends EnvError {}
