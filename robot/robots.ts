import { Registry } from '../registry.js';
import { PANDA } from './panda/panda.js';
import type { RobotDescription } from './robot-description.js';

/** Every robot armkit ships, by uid. */
export const ROBOTS = new Registry<RobotDescription>('robot', [[PANDA.uid, PANDA]]);
