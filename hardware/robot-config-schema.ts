import * as v from 'valibot';
import { noArrays, strictFields } from '../schema-problems.js';
import { DETECTOR_SCHEMA } from './detectors/detector-config.js';
import { RESET_SCHEMA } from './resets/reset-config.js';
import { ROS_DRIVER_SCHEMA } from './ros/ros-driver-config.js';
import { SIM_DRIVER_SCHEMA } from './sim/sim-driver-config.js';
import { TASKS } from '../tasks/registered-tasks.js';

const key = v.message(v.pipe(v.string(), v.minLength(1)), 'an observation key');

/** Which observation keys (topics) carry the task's object poses, goal and grasp flag (hardware/driver-world.ts). */
export const PERCEPTION_SCHEMA = strictFields({
  objects: v.optional(v.record(v.string(), key)),
  goal: v.optional(key),
  grasped: v.optional(key),
});

// What a robot config file adds to its driver's fields: the task it runs (whose observation,
// success rule and reward apply), its perception inputs, the detector and reset, and the JSON
// Schema an editor checks the file against.
const DEPLOY_FIELDS = {
  $schema: v.optional(v.message(v.string(), 'a JSON Schema path or URL')),
  task: v.optional(v.picklist(TASKS.ids())),
  perception: v.optional(PERCEPTION_SCHEMA),
  detector: v.optional(DETECTOR_SCHEMA),
  reset: v.optional(RESET_SCHEMA),
};

/**
 * A robot config file (hardware/examples/): one driver's fields, tagged by `driver`, plus the
 * deploy's `detector` and `reset`. hardware/robot-config.schema.json is this schema.
 */
export const ROBOT_CONFIG_SCHEMA = v.pipe(
  noArrays(v.variant('driver', [strictFields({ ...ROS_DRIVER_SCHEMA.entries, ...DEPLOY_FIELDS }), strictFields({ ...DEPLOY_FIELDS, ...SIM_DRIVER_SCHEMA.entries })])),
  v.title('armkit robot config'),
  v.description(
    'The robot of `armkit deploy --robot FILE`: the fields of one driver (tagged by "driver"), the success detector and the episode reset. armkit also checks what JSON Schema cannot say: the safety workspace\'s low below high, exactly one of a pose detector\'s box and around.',
  ),
);
