import * as v from 'valibot';

/** One thing wrong with a checked value: where, what was expected there and what came. */
export interface Problem {
  /** Path below the checked value, `.a.b[2].c`; empty for the value itself. */
  readonly path: string;
  /** What the schema asks for there, in words ("a ROS name starting with "/""). */
  readonly expected: string;
  /** What was there, rendered. */
  readonly found: string;
}

/** Renders any JSON-ish value for a problem's `found` part. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON.parse reads 1e999 as Infinity, which JSON.stringify would write as null.
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (out of the float64 range)`;
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return clip(JSON.stringify(value), 80);
  } catch {
    return String(value);
  }
}

/** `text`, cut to `max` characters with "..." when longer. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

// Every schema here names what it expects through its message; issues without one fall back to
// the library's `expected`, put into words: `("a" | ("b" | "c"))` reads "one of a, b, c".
const WORDS: Record<string, string> = { Object: 'an object', Array: 'an array', number: 'a number', string: 'a string', boolean: 'true or false' };
const CONFIG: v.Config<v.BaseIssue<unknown>> = {
  message: ({ expected, type }) =>
    expected === null ? type : WORDS[expected] ?? (expected.includes(' | ') ? `one of ${expected.replace(/[()"]/g, '').split(' | ').join(', ')}` : expected),
};

/**
 * Check `value` against `schema`, collecting every problem rather than stopping at the first.
 * @param describe renders found values (default describeValue).
 */
export function checkSchema<S extends v.GenericSchema>(schema: S, value: unknown, describe = describeValue): { output: v.InferOutput<S> } | { problems: Problem[] } {
  // The schemas recurse with the value: a hostile file nested 100k deep must not blow the stack.
  if (deeperThan(value, MAX_DEPTH)) return { problems: [{ path: '', expected: `a value nested at most ${MAX_DEPTH} levels deep`, found: `one nested deeper` }] };
  const result = v.safeParse(schema, value, CONFIG);
  return result.success ? { output: result.output } : { problems: result.issues.map((issue) => problem(issue, describe)) };
}

const MAX_DEPTH = 64;

function deeperThan(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth++) {
    if (depth > limit) return true;
    level = level.flatMap((x) => (x !== null && typeof x === 'object' ? Object.values(x) : []));
  }
  return false;
}

function problem(issue: v.BaseIssue<unknown>, describe: (value: unknown) => string): Problem {
  const path = issue.path ?? [];
  const last = path.at(-1);
  // An unknown field fails strictFields' rest schema; a raw check says what it found itself.
  const found = issue.type === 'never' ? 'an unknown field' : issue.type === 'raw_check' ? issue.received : describe(last ? last.value : issue.input);
  return { path: path.map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join(''), expected: issue.message, found };
}

/** What a schema asks for, in the words of its message: the issue it raises for a missing value. */
export function expectedOf(schema: v.GenericSchema): string {
  return v.safeParse(schema, undefined, CONFIG).issues?.[0]?.message ?? 'nothing';
}

/**
 * An object of these fields, extra fields ignored. A missing field says what it should hold;
 * anything that is not an object is refused as `what`.
 */
export function fields<E extends v.ObjectEntries>(entries: E, what = 'an object') {
  return noArrays(v.object(entries, objectMessage(entries, what)));
}

/**
 * Like `fields`, but every field outside `entries` is refused by name (a typo must not silently
 * fall back to a default). The library's strictObject reports only the first unknown field.
 */
export function strictFields<E extends v.ObjectEntries>(entries: E, what = 'an object') {
  const rest = v.never(`one of the fields ${Object.keys(entries).join(', ')}`);
  // Typed as the plain object it checks: once every field outside `entries` is refused, the
  // rest signature (`[key: string]: never`) would only make the type uninhabitable.
  return noArrays(v.objectWithRest(entries, rest, objectMessage(entries, what))) as unknown as v.ObjectSchema<E, undefined>;
}

/**
 * `schema`, refusing arrays: valibot takes an array for an object (its keys are indices), but
 * no object here is ever meant to be one. The refusal is the schema's own "not an object" issue.
 */
export function noArrays<S extends v.GenericSchema>(schema: S): S {
  return {
    ...schema,
    '~run'(dataset, config) {
      if (!Array.isArray(dataset.value)) return schema['~run'](dataset, config);
      const issues = schema['~run']({ value: null }, config).issues!.map((issue) => ({ ...issue, input: dataset.value }));
      return { typed: false, value: dataset.value, issues } as ReturnType<S['~run']>;
    },
  };
}

// A missing field says what it should hold; anything else is not an object.
function objectMessage(entries: v.ObjectEntries, what: string) {
  return (issue: v.BaseIssue<unknown>) => (issue.path ? expectedOf(entries[issue.path[0]!.key as string]!) : what);
}

/** A number in [min, max], described as `what`. */
export function inRange(min: number, max: number, what = `a number in [${min}, ${max}]`) {
  return v.message(v.pipe(v.number(), v.minValue(min), v.maxValue(max)), what);
}
