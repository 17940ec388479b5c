import { CONTROL_MODES, type ControlMode } from '../../robot/controllers/controller-config.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { ConfigError, describeValue } from '../hardware-errors.js';
import { known, object, parseSafetyConfig, type SafetyConfig } from '../safety/safety-config.js';

/** The simulated arm of a registered task. Plain JSON. */
export interface SimDriverConfig {
  driver: 'sim';
  task: string;
  controlMode?: ControlMode;
  /** Safety limits (default: the task's workspace, simSafety()). The rates are the task's. */
  safety?: SafetyConfig;
}

/** Check a sim driver config. @throws ConfigError naming the bad field. */
export function parseSimDriverConfig(raw: unknown, path = 'robot'): SimDriverConfig {
  const o = object(raw, path);
  known(o, path, ['driver', 'task', 'controlMode', 'safety']);
  if (o['driver'] !== 'sim') throw new ConfigError(`${path}.driver`, '"sim"', describeValue(o['driver']));
  const task = o['task'];
  if (typeof task !== 'string' || !TASKS.has(task)) throw new ConfigError(`${path}.task`, `one of ${TASKS.ids().join(', ')}`, describeValue(task));
  const mode = o['controlMode'];
  if (mode !== undefined && !CONTROL_MODES.includes(mode as ControlMode)) throw new ConfigError(`${path}.controlMode`, `one of ${CONTROL_MODES.join(', ')}`, describeValue(mode));
  return { driver: 'sim', task, ...(mode !== undefined ? { controlMode: mode as ControlMode } : {}), ...(o['safety'] !== undefined ? { safety: parseSafetyConfig(o['safety'], `${path}.safety`) } : {}) };
}
