import { Registry } from '../registry.js';
import { PANDA } from './panda/panda.js';
import { PANDA_METAWORLD, PANDA_METAWORLD_BACK } from './panda/panda-metaworld.js';
import { PANDA_STICK } from './panda/panda-stick.js';
import type { RobotDescription } from './robot-description.js';

/** Every robot armkit ships, by uid. */
export const ROBOTS = new Registry<RobotDescription>('robot', [
  [PANDA.uid, PANDA],
  [PANDA_METAWORLD.uid, PANDA_METAWORLD],
  [PANDA_METAWORLD_BACK.uid, PANDA_METAWORLD_BACK],
  [PANDA_STICK.uid, PANDA_STICK],
]);
