import * as v from 'valibot';
import { noArrays, strictFields } from '../../schema-problems.js';

const upTo = (max: number, unit: string) => v.optional(v.message(v.pipe(v.number(), v.minValue(0), v.maxValue(max)), `a number in [0, ${max}]${unit}`));

// SERL's fields; `kind` may be left out where only a SERL reset can stand (a human reset's arm).
const serl = <K extends v.GenericSchema<unknown, 'serl'>>(kind: K) =>
  strictFields({
    kind,
    // Its length and the joint limits are checked against the robot (buildReset).
    restQ: v.optional(v.message(v.array(v.pipe(v.number(), v.finite())), 'an array of joint positions, rad')),
    offsetXyz: upTo(0.2, ' m'),
    offsetYaw: upTo(Math.PI, ' rad'),
    fullResetEvery: v.optional(v.message(v.pipe(v.number(), v.integer(), v.minValue(0)), 'an integer >= 0')),
    velocityScale: upTo(1, ' of the URDF velocity limits'),
    timeoutS: upTo(600, ' s'),
    tolerance: upTo(0.5, ' rad'),
    sceneReset: v.optional(v.message(v.boolean(), 'true or false')),
  });

/**
 * The schema of a reset config: SERL's automatic reset, a human one (optionally after an
 * automatic arm reset), or a simulated task's own reset distribution (defaults filled in: a
 * human reset's key "r").
 */
export const RESET_SCHEMA = noArrays(v.variant('kind', [
  serl(v.literal('serl')),
  strictFields({
    kind: v.literal('human'),
    key: v.optional(v.message(v.pipe(v.string(), v.length(1)), 'one character'), 'r'),
    arm: v.optional(serl(v.optional(v.literal('serl'), 'serl'))),
  }),
  strictFields({ kind: v.literal('task') }),
]));

/** A reset as plain JSON (RESET_SCHEMA's input). */
export type ResetConfig = v.InferInput<typeof RESET_SCHEMA>;
