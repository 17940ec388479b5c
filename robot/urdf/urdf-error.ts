import { ArmkitError } from '../../errors.js';

/** A URDF document is malformed: the message names the element and what is wrong with it. */
export class UrdfError extends ArmkitError {}
