import { CONTROL_MODES, type ControlMode } from '../../robot/controllers/controller-config.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { ConfigError, describeValue } from '../hardware-errors.js';
import { known, object, parseSafetyConfig, type SafetyConfig } from '../safety/safety-config.js';

/** The simulated arm of a registered task. Plain JSON. */
export interface SimDriverConfig {
  driver: 'sim';
  task: string;
  controlMode?: ControlMode;
  controlHz: number;
  safety: SafetyConfig;
}

/** Check a sim driver config. @throws ConfigError naming the bad field. */
export function parseSimDriverConfig(raw: unknown, path = 'robot'): SimDriverConfig {
  const o = object(raw, path);
  known(o, path, ['driver', 'task', 'controlMode', 'controlHz', 'safety']);
  if (o['driver'] !== 'sim') throw new ConfigError(`${path}.driver`, '"sim"', describeValue(o['driver']));
  const task = o['task'];
  if (typeof task !== 'string' || !TASKS.has(task)) throw new ConfigError(`${path}.task`, `one of ${TASKS.ids().join(', ')}`, describeValue(task));
  const mode = o['controlMode'];
  if (mode !== undefined && !CONTROL_MODES.includes(mode as ControlMode)) throw new ConfigError(`${path}.controlMode`, `one of ${CONTROL_MODES.join(', ')}`, describeValue(mode));
  const hz = o['controlHz'] ?? 20;
  if (typeof hz !== 'number' || !(hz >= 1 && hz <= 100)) throw new ConfigError(`${path}.controlHz`, 'a rate in [1, 100] Hz', describeValue(hz));
  return { driver: 'sim', task, ...(mode !== undefined ? { controlMode: mode as ControlMode } : {}), controlHz: hz, safety: parseSafetyConfig(o['safety'], `${path}.safety`) };
}
