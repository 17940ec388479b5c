import * as v from 'valibot';
import { inRange, strictFields } from '../../schema-problems.js';
import { parseConfig } from '../parse-config.js';

const finite = v.message(v.pipe(v.number(), v.finite()), 'a finite number');

/** An {x, y, z} of finite numbers. */
export const VEC3_SCHEMA = strictFields({ x: finite, y: finite, z: finite });

// Each axis of high above low, reported at high.<axis>.
const above = (k: 'x' | 'y' | 'z') =>
  v.forward<Box, v.CheckIssue<Box>, ['high', 'x']>(
    v.check((w) => w.low[k] < w.high[k], (i) => `a value above low.${k} (${i.input.low[k]})`),
    ['high', k] as ['high', 'x'],
  );
type Box = Record<'low' | 'high', v.InferOutput<typeof VEC3_SCHEMA>>;

/**
 * Limits every command passes last, whatever the driver (SERL's safety box, LeRobot's
 * max_relative_target, joint position and velocity limits, a state watchdog). The defaults:
 * ManiSkill's table-top box, 0.1 rad and 0.1 m per step, half speed, 100 ms watchdog.
 */
export const SAFETY_SCHEMA = strictFields({
  /** Box the TCP target must stay in, world frame, m. */
  workspace: v.optional(v.pipe(strictFields({ low: VEC3_SCHEMA, high: VEC3_SCHEMA }), above('x'), above('y'), above('z')), {
    low: { x: -0.45, y: -0.5, z: 0.015 },
    high: { x: 0.35, y: 0.5, z: 0.6 },
  }),
  /** Largest change of any joint target from the measured position in one command, rad. */
  maxRelativeTarget: v.optional(inRange(1e-6, 1), 0.1),
  /** Largest TCP displacement a command may ask for from the measured TCP, m. */
  maxTcpStep: v.optional(inRange(1e-6, 1), 0.1),
  /** Fraction of the URDF velocity limits a joint may be asked to move at over one control period. */
  velocityScale: v.optional(inRange(1e-3, 1), 0.5),
  /** Distance kept from the URDF joint limits, rad. */
  jointLimitMargin: v.optional(inRange(0, 0.5), 0.01),
  /**
   * Joint states older than this mean the stream is lost: the arm is disarmed and the episode
   * voided, ms. (A state older than one control period already holds the command.) 100 ms is
   * about twice the longest silence of a real rosbridge stream: 34-46 ms burst gaps plus a
   * throttle slot.
   */
  maxStateAgeMs: v.optional(inRange(1, 10_000), 100),
  /** velocityScale during resets (tighter). */
  resetVelocityScale: v.optional(inRange(1e-3, 1), 0.2),
});

/** Safety limits, as SAFETY_SCHEMA reads them. */
export type SafetyConfig = v.InferOutput<typeof SAFETY_SCHEMA>;

/**
 * Check a (partial) safety config from JSON and fill in defaults.
 * @param path dotted path of the object in its file, for messages.
 * @throws ConfigError listing every bad field.
 */
export function parseSafetyConfig(raw: unknown, path = 'safety'): SafetyConfig {
  return parseConfig(SAFETY_SCHEMA, raw ?? {}, path);
}

/** The defaults (SAFETY_SCHEMA's). */
export const SAFETY_DEFAULTS: SafetyConfig = parseSafetyConfig({});
