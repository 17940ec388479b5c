import { ConfigError, describeValue } from '../hardware-errors.js';
import type { KeySource } from '../input/key-source.js';
import { known, object } from '../safety/safety-config.js';
import type { EpisodeReset } from './episode-reset.js';
import { HumanReset, type HumanResetConfig } from './human-reset.js';
import { SerlReset, type SerlResetConfig } from './serl-reset.js';

/** A reset as plain JSON: SERL's automatic one, or a human one (optionally after an automatic arm reset). */
export type ResetConfig = SerlResetConfig | (HumanResetConfig & { arm?: SerlResetConfig });

const SERL_FIELDS = ['kind', 'restQ', 'offsetXyz', 'offsetYaw', 'fullResetEvery', 'velocityScale', 'timeoutS', 'tolerance', 'sceneReset'];

/**
 * Build a reset from its JSON config (default: SERL's).
 * @throws ConfigError naming the bad field.
 */
export function buildReset(raw: unknown, path: string, keys: KeySource | null, say: (line: string) => void): EpisodeReset {
  if (raw === undefined) return new SerlReset();
  const c = object(raw, path);
  if (c['kind'] === 'serl') return new SerlReset(serl(c, path));
  if (c['kind'] === 'human') {
    known(c, path, ['kind', 'key', 'arm']);
    if (!keys) throw new ConfigError(`${path}.kind`, 'a reset that needs no keyboard (no terminal here)', '"human"');
    const arm = c['arm'] === undefined ? null : new SerlReset(serl(object(c['arm'], `${path}.arm`), `${path}.arm`));
    const key = c['key'] ?? 'r';
    if (typeof key !== 'string' || key.length !== 1) throw new ConfigError(`${path}.key`, 'one character', describeValue(key));
    return new HumanReset(keys, { kind: 'human', key }, arm, say);
  }
  throw new ConfigError(`${path}.kind`, '"serl" or "human"', describeValue(c['kind']));
}

function serl(c: Record<string, unknown>, path: string): SerlResetConfig {
  known(c, path, SERL_FIELDS);
  for (const k of SERL_FIELDS.slice(2, 8)) {
    const v = c[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw new ConfigError(`${path}.${k}`, 'a number >= 0', describeValue(v));
  }
  const rest = c['restQ'];
  if (rest !== undefined && (!Array.isArray(rest) || rest.some((x) => typeof x !== 'number' || !Number.isFinite(x)))) throw new ConfigError(`${path}.restQ`, 'an array of joint positions', describeValue(rest));
  if (c['sceneReset'] !== undefined && typeof c['sceneReset'] !== 'boolean') throw new ConfigError(`${path}.sceneReset`, 'true or false', describeValue(c['sceneReset']));
  return { ...(c as object), kind: 'serl' } as SerlResetConfig;
}
