import * as v from 'valibot';
import { CONTROL_MODES } from '../../robot/controllers/controller-config.js';
import { strictFields } from '../../schema-problems.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { parseConfig } from '../parse-config.js';
import { SAFETY_SCHEMA } from '../safety/safety-config.js';

/** The simulated arm of a registered task (control mode default: the task's; rates and safety box: the task's). */
export const SIM_DRIVER_SCHEMA = strictFields({
  driver: v.literal('sim'),
  task: v.picklist(TASKS.ids()),
  controlMode: v.optional(v.picklist(CONTROL_MODES)),
  // No rate: a simulated arm runs at its task's rates. No safety: the task's own box (simSafety()).
  safety: v.optional(SAFETY_SCHEMA),
});

/** A sim driver config with its defaults filled in. Plain JSON. */
export type SimDriverConfig = v.InferOutput<typeof SIM_DRIVER_SCHEMA>;

/** Check a sim driver config. @throws ConfigError listing every bad field. */
export function parseSimDriverConfig(raw: unknown, path = 'robot'): SimDriverConfig {
  return parseConfig(SIM_DRIVER_SCHEMA, raw, path);
}
