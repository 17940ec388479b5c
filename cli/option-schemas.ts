import * as v from 'valibot';
import { checkSchema, describeValue } from '../schema-problems.js';
import { UsageError } from './usage-error.js';

/** No upper bound for an integer option. */
export const MAX_INT = Number.MAX_SAFE_INTEGER;
const MAX = MAX_INT;

function integer(min: number, max: number) {
  const what = `an integer in [${min}, ${max === MAX ? 'inf' : max}]`;
  return v.pipe(
    v.string(),
    v.check((s) => /^-?\d+$/.test(s.trim()) && Number.isSafeInteger(Number(s)) && Number(s) >= min && Number(s) <= max, what),
    v.transform(Number),
  );
}

/** An integer option in [min, max], `fallback` when absent. */
export function intArg(min: number, max: number, fallback: number) {
  return v.optional(integer(min, max), String(fallback));
}

/** An integer option in [min, max], undefined when absent. */
export function optionalIntArg(min: number, max = MAX) {
  return v.optional(integer(min, max));
}

/** A number option in [min, max], `fallback` when absent. */
export function numberArg(min: number, max: number, fallback: number) {
  const what = `a number in [${min}, ${max === Infinity ? 'inf' : max}]`;
  return v.optional(v.pipe(v.string(), v.check((s) => s.trim() !== '' && Number(s) >= min && Number(s) <= max, what), v.transform(Number)), String(fallback));
}

/** One of `choices`, undefined when absent. */
export function choiceArg<const T extends string>(choices: readonly T[]) {
  return v.optional(v.picklist(choices as [T, ...T[]], `one of ${choices.join(', ')}`));
}

/**
 * Check a command's option values (as parseArgs gives them) against a schema of the options that
 * need more than a string, all at once.
 * @throws UsageError listing every bad option: `--name: expected ..., got "..."`.
 */
export function checkOptions<E extends v.ObjectEntries>(command: string, values: Record<string, unknown>, entries: E): v.InferOutput<v.ObjectSchema<E, undefined>> {
  const picked = Object.fromEntries(Object.keys(entries).map((k) => [k, values[k]]));
  const result = checkSchema(v.object(entries), picked, describeValue);
  if ('output' in result) return result.output;
  const lines = result.problems.map((p) => `--${p.path.slice(1)}: expected ${p.expected}, got ${p.found}`);
  throw new UsageError(lines.length === 1 ? lines[0]! : `armkit ${command}: ${lines.length} bad options:\n  ${lines.join('\n  ')}`);
}
