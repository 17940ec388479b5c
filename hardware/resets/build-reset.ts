import { ConfigError } from '../hardware-errors.js';
import type { KeySource } from '../input/key-source.js';
import { parseConfig } from '../parse-config.js';
import type { EpisodeReset } from './episode-reset.js';
import { HumanReset } from './human-reset.js';
import { RESET_SCHEMA } from './reset-config.js';
import { SerlReset, type SerlResetConfig } from './serl-reset.js';
import type { Robot } from '../../robot/robot.js';
import { describeValue } from '../../schema-problems.js';
import { TaskReset } from './task-reset.js';

/**
 * Build a reset of `robot` from its JSON config (default: SERL's).
 * @throws ConfigError listing every bad field.
 */
export function buildReset(raw: unknown, path: string, robot: Robot, keys: KeySource | null, say: (line: string) => void): EpisodeReset {
  if (raw === undefined) return new SerlReset();
  const c = parseConfig(RESET_SCHEMA, raw, path);
  if (c.kind === 'serl') return new SerlReset(checkRest(c, path, robot));
  if (c.kind === 'task') return new TaskReset();
  if (!keys) throw ConfigError.at(`${path}.kind`, 'a reset that needs no keyboard (no terminal here)', '"human"');
  return new HumanReset(keys, { kind: 'human', key: c.key }, c.arm ? new SerlReset(checkRest(c.arm, `${path}.arm`, robot)) : null, say);
}

// A rest pose is one position per arm joint, inside the URDF's limits.
function checkRest(c: SerlResetConfig, path: string, robot: Robot): SerlResetConfig {
  const { dof, lower, upper } = robot.chain;
  const q = c.restQ;
  if (q && (q.length !== dof || q.some((x, i) => x < lower[i]! || x > upper[i]!))) {
    const limits = Array.from(lower, (l, i) => `[${l.toFixed(2)}, ${upper[i]!.toFixed(2)}]`).join(', ');
    throw ConfigError.at(`${path}.restQ`, `${dof} joint positions within the URDF limits ${limits}`, describeValue(q));
  }
  return c;
}
