import * as v from 'valibot';
import { noArrays, strictFields } from '../../schema-problems.js';
import { VEC3_SCHEMA } from '../safety/safety-config.js';

/** A detector config as checked (defaults filled in), tagged by `kind`. */
export type DetectorConfig = v.InferOutput<(typeof LEAVES)[number]> | { kind: 'all' | 'any'; of: DetectorConfig[] };

const key = v.message(v.pipe(v.string(), v.length(1)), 'one character');
const box = strictFields({ low: VEC3_SCHEMA, high: VEC3_SCHEMA });

const POSE = v.pipe(
  strictFields({
    kind: v.literal('pose'),
    point: v.message(v.string(), '"tcp" or an observation key'),
    box: v.optional(box),
    around: v.optional(strictFields({ key: v.message(v.string(), 'an observation key'), halfExtent: v.message(v.pipe(v.number(), v.gtValue(0)), 'a positive number of metres') })),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (dataset.typed && !dataset.value.box === !dataset.value.around) addIssue({ message: 'exactly one of "box" and "around"', received: dataset.value.box ? 'both' : 'neither' });
  }),
);

// The detectors that combine none.
const LEAVES = [
  POSE,
  strictFields({
    kind: v.literal('classifier'),
    model: v.message(v.string(), 'a path to an ONNX reward classifier'),
    threshold: v.optional(v.message(v.pipe(v.number(), v.gtValue(0), v.ltValue(1)), 'a number in (0, 1)'), 0.5),
    frames: v.optional(v.message(v.pipe(v.number(), v.integer(), v.minValue(1)), 'an integer >= 1'), 1),
  }),
  strictFields({ kind: v.literal('key'), successKey: v.optional(key), failureKey: v.optional(key) }),
  strictFields({ kind: v.literal('task') }),
] as const;

/** The schema of a detector config (defaults filled in: classifier threshold 0.5, frames 1). */
export const DETECTOR_SCHEMA: v.GenericSchema<unknown, DetectorConfig> = noArrays(v.variant('kind', [
  ...LEAVES,
  strictFields({
    kind: v.picklist(['all', 'any']),
    of: v.pipe(v.array(v.lazy(() => DETECTOR_SCHEMA), 'a non-empty array of detectors'), v.minLength(1, 'a non-empty array of detectors')),
  }),
]));
