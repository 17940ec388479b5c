import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse `argv` strictly; unknown options and missing values become UsageErrors naming them. */
export function parseOptions<O extends Options>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    const known = Object.keys(options).map((k) => `--${k}`).join(', ');
    throw new UsageError(`armkit ${command}: ${(e as Error).message.replace(/\. To specify a positional.*$/s, '')} (options: ${known})`, { cause: e });
  }
}

/** An integer option within [min, max]; `undefined` gives the fallback. */
export function intOption(name: string, value: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new UsageError(`--${name}: expected an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? 'inf' : max}], got "${value}"`);
  }
  return v;
}
