import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { checkSchema, describeValue, fields } from '../schema-problems.js';
import { UsageError } from './usage-error.js';

/** One option of a command: a flag or a value, and the schema its text must pass. */
export interface OptionSpec<T> {
  readonly flag: boolean;
  readonly schema: v.GenericSchema<unknown, T>;
}

type Values<S extends Record<string, OptionSpec<unknown>>> = { [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never };

/** The largest seed: episode seeds (seed + k) stay in the uint32 range every simulator takes. */
export const SEED_MAX = 2 ** 32 - 1;

const range = (min: number, max: number) => `[${min}, ${max === Number.MAX_SAFE_INTEGER ? 'inf' : max}]`;

// An option without a fallback reads undefined when absent.
type OrAbsent<F, T> = F extends undefined ? T | undefined : T;

function value<T, F>(schema: v.GenericSchema<string, T>, fallback: string | undefined): OptionSpec<OrAbsent<F, T>> {
  return { flag: false, schema: (fallback === undefined ? v.optional(schema) : v.optional(schema, fallback)) as v.GenericSchema<unknown, OrAbsent<F, T>> };
}

/** A flag: true when given. */
export function flag(): OptionSpec<boolean> {
  return { flag: true, schema: v.optional(v.boolean(), false) };
}

/** A text value, `fallback` when absent (undefined without one). */
export function text<F extends string | undefined = undefined>(fallback?: F): OptionSpec<OrAbsent<F, string>> {
  return value(v.string(), fallback);
}

/** A value the command cannot run without, described as `what` ("a task id"). */
export function required(what: string): OptionSpec<string> {
  return { flag: false, schema: v.string(what) };
}

/** An integer in [min, max], `fallback` when absent (undefined without one). */
export function int<F extends number | undefined = undefined>(min: number, max = Number.MAX_SAFE_INTEGER, fallback?: F): OptionSpec<OrAbsent<F, number>> {
  const ok = (s: string) => /^\s*-?\d+\s*$/.test(s) && Number.isSafeInteger(Number(s)) && Number(s) >= min && Number(s) <= max;
  return value(v.pipe(v.string(), v.check(ok, `an integer in ${range(min, max)}`), v.transform(Number)), fallback === undefined ? undefined : String(fallback));
}

/** A finite number in [min, max], `fallback` when absent. */
export function num(min: number, max: number, fallback: number): OptionSpec<number> {
  const ok = (s: string) => s.trim() !== '' && Number.isFinite(Number(s)) && Number(s) >= min && Number(s) <= max;
  return value(v.pipe(v.string(), v.check(ok, `a finite number in ${range(min, max)}`), v.transform(Number)), String(fallback));
}

/** One of `choices`, `fallback` when absent (undefined without one). */
export function oneOf<const T extends string, F extends T | undefined = undefined>(choices: readonly T[], fallback?: F): OptionSpec<OrAbsent<F, T>> {
  return value(v.picklist(choices as [T, ...T[]], `one of ${choices.join(', ')}`), fallback);
}

/** Episode k runs seed + k: the last seed must stay within SEED_MAX too. */
export function checkSeeds(command: string, seed: number, episodes: number): void {
  const last = seed + episodes - 1;
  if (last > SEED_MAX) throw new UsageError(`armkit ${command}: --seed ${seed} with --episodes ${episodes} runs seeds up to ${last}; expected seeds within [0, ${SEED_MAX}]`);
}

/** What a command line held: checked values, positionals, and which options were written out. */
export interface ReadOptions<S extends Record<string, OptionSpec<unknown>>> {
  values: Values<S>;
  positionals: string[];
  given: ReadonlySet<string>;
}

/**
 * Parse and check a command's arguments against its option specs, strictly: unknown options,
 * missing values and every bad value are one UsageError naming each (`--name: expected ...,
 * got ...`). A negative number is read as the value it is, not as an option.
 */
export function readOptions<S extends Record<string, OptionSpec<unknown>>>(command: string, argv: readonly string[], specs: S, allowPositionals = false): ReadOptions<S> {
  const config = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, { type: s.flag ? ('boolean' as const) : ('string' as const) }]));
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, specs), options: config, strict: true, allowPositionals, tokens: true });
  } catch (e) {
    const known = Object.keys(specs).map((k) => `--${k}`).join(', ');
    throw new UsageError(`armkit ${command}: ${(e as Error).message.replace(/\. To specify a positional.*$/s, '')} (options: ${known})`, { cause: e });
  }
  const result = checkSchema(fields(Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.schema]))), parsed.values, describeValue);
  if ('problems' in result) {
    const lines = result.problems.map((p) => `--${p.path.slice(1)}: expected ${p.expected}, got ${p.found}`);
    throw new UsageError(lines.length === 1 ? `armkit ${command}: ${lines[0]}` : `armkit ${command}: ${lines.length} bad options:\n  ${lines.join('\n  ')}`);
  }
  const given = new Set(parsed.tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : [])));
  return { values: result.output as Values<S>, positionals: parsed.positionals, given };
}

// `--seed -1` would read as an option named 1; a value option followed by a number takes it.
function joinNegativeValues(argv: readonly string[], specs: Record<string, OptionSpec<unknown>>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.startsWith('--') ? argv[i]!.slice(2) : null;
    const next = argv[i + 1];
    if (name !== null && specs[name] && !specs[name].flag && next !== undefined && /^-[\d.]/.test(next)) out.push(`${argv[i++]}=${next}`);
    else out.push(argv[i]!);
  }
  return out;
}

/**
 * Refuse options given for a choice that does not use them ("--rerank: ... not for scripted").
 * @param why what the options need, in words.
 */
export function refuseGiven(command: string, given: ReadonlySet<string>, names: readonly string[], why: string): void {
  const extra = names.filter((n) => given.has(n));
  if (extra.length) throw new UsageError(`armkit ${command}: ${extra.map((n) => `--${n}`).join(', ')} ${extra.length === 1 ? 'applies' : 'apply'} only ${why}`);
}
