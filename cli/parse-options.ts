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
