import { ArmkitError } from '../errors.js';

/** A command line that cannot be run: unknown command or option, or a bad value. */
export class UsageError extends ArmkitError {}
