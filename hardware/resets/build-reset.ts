import { ConfigError } from '../hardware-errors.js';
import type { KeySource } from '../input/key-source.js';
import { parseConfig } from '../parse-config.js';
import type { EpisodeReset } from './episode-reset.js';
import { HumanReset } from './human-reset.js';
import { RESET_SCHEMA } from './reset-config.js';
import { SerlReset } from './serl-reset.js';
import { TaskReset } from './task-reset.js';

export type { ResetConfig } from './reset-config.js';

/**
 * Build a reset from its JSON config (default: SERL's).
 * @throws ConfigError listing every bad field.
 */
export function buildReset(raw: unknown, path: string, keys: KeySource | null, say: (line: string) => void): EpisodeReset {
  if (raw === undefined) return new SerlReset();
  const c = parseConfig(RESET_SCHEMA, raw, path);
  if (c.kind === 'serl') return new SerlReset(c);
  if (c.kind === 'task') return new TaskReset();
  if (!keys) throw ConfigError.at(`${path}.kind`, 'a reset that needs no keyboard (no terminal here)', '"human"');
  return new HumanReset(keys, { kind: 'human', key: c.key }, c.arm ? new SerlReset(c.arm) : null, say);
}
