import { ArmkitError } from '../errors.js';

/**
 * The simulation could not be built or queried as asked: a robot description it cannot drive
 * (hand link off the arm chain, a gripper joint that is not prismatic), a scene object added
 * twice or looked up under a name the scene does not have.
 */
export class SimError extends ArmkitError {}
