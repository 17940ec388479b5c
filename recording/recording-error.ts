import { ArmkitError } from '../errors.js';

/** A demonstration file could not be written or read as expected. */
export class RecordingError extends ArmkitError {}
