import type { Vec3 } from '../../math/vec3.js';
import { ConfigError, describeValue } from '../hardware-errors.js';

/**
 * Limits every command passes last, whatever the driver (SERL's safety box, LeRobot's
 * max_relative_target, joint position and velocity limits, a state watchdog).
 */
export interface SafetyConfig {
  /** Box the TCP target must stay in, world frame, m. */
  workspace: { low: Vec3; high: Vec3 };
  /** Largest change of any joint target from the measured position in one command, rad. */
  maxRelativeTarget: number;
  /** Largest TCP displacement a command may ask for from the measured TCP, m. */
  maxTcpStep: number;
  /** Fraction of the URDF velocity limits a joint may be asked to move at over one control period. */
  velocityScale: number;
  /** Distance kept from the URDF joint limits, rad. */
  jointLimitMargin: number;
  /** Joint states older than this stop motion commands, ms. */
  maxStateAgeMs: number;
  /** velocityScale during resets (tighter). */
  resetVelocityScale: number;
}

/** The defaults: ManiSkill's table-top box, 0.1 rad and 0.1 m per step, half speed, 50 ms watchdog. */
export const SAFETY_DEFAULTS: SafetyConfig = {
  workspace: { low: { x: -0.45, y: -0.5, z: 0.015 }, high: { x: 0.35, y: 0.5, z: 0.6 } },
  maxRelativeTarget: 0.1,
  maxTcpStep: 0.1,
  velocityScale: 0.5,
  jointLimitMargin: 0.01,
  maxStateAgeMs: 50,
  resetVelocityScale: 0.2,
};

/**
 * Check a (partial) safety config from JSON and fill in defaults.
 * @param path dotted path of the object in its file, for messages.
 * @throws ConfigError naming the first bad field.
 */
export function parseSafetyConfig(raw: unknown, path = 'safety'): SafetyConfig {
  if (raw === undefined) return structuredClone(SAFETY_DEFAULTS);
  const o = object(raw, path);
  known(o, path, Object.keys(SAFETY_DEFAULTS));
  const num = (key: keyof SafetyConfig, min: number, max = Infinity): number => {
    const v = o[key] ?? SAFETY_DEFAULTS[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw new ConfigError(`${path}.${key}`, `a number in [${min}, ${max === Infinity ? 'inf' : max}]`, describeValue(o[key]));
    }
    return v;
  };
  const ws = o['workspace'] === undefined ? structuredClone(SAFETY_DEFAULTS.workspace) : workspace(o['workspace'], `${path}.workspace`);
  return {
    workspace: ws,
    maxRelativeTarget: num('maxRelativeTarget', 1e-6, 1),
    maxTcpStep: num('maxTcpStep', 1e-6, 1),
    velocityScale: num('velocityScale', 1e-3, 1),
    jointLimitMargin: num('jointLimitMargin', 0, 0.5),
    maxStateAgeMs: num('maxStateAgeMs', 1, 10_000),
    resetVelocityScale: num('resetVelocityScale', 1e-3, 1),
  };
}

function workspace(raw: unknown, path: string): { low: Vec3; high: Vec3 } {
  const o = object(raw, path);
  known(o, path, ['low', 'high']);
  const low = vec(o['low'], `${path}.low`);
  const high = vec(o['high'], `${path}.high`);
  for (const k of ['x', 'y', 'z'] as const) {
    if (!(low[k] < high[k])) throw new ConfigError(`${path}.high.${k}`, `a value above low.${k} (${low[k]})`, String(high[k]));
  }
  return { low, high };
}

/** A plain object, or a ConfigError. */
export function object(raw: unknown, path: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(path, 'an object', describeValue(raw));
  return raw as Record<string, unknown>;
}

/** Refuse keys outside `allowed` (a typo must not silently fall back to a default). */
export function known(o: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new ConfigError(`${path}.${k}`, `one of the fields ${allowed.join(', ')}`, 'an unknown field');
  }
}

/** An {x, y, z} of finite numbers, or a ConfigError. */
export function vec(raw: unknown, path: string): Vec3 {
  const o = object(raw, path);
  known(o, path, ['x', 'y', 'z']);
  const out = { x: 0, y: 0, z: 0 };
  for (const k of ['x', 'y', 'z'] as const) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(`${path}.${k}`, 'a finite number', describeValue(v));
    out[k] = v;
  }
  return out;
}
