import type * as v from 'valibot';
import { checkSchema } from '../schema-problems.js';
import { ConfigError } from './hardware-errors.js';

/**
 * Check a config from JSON against its schema, filling in defaults.
 * @param path dotted path of the value in its file, prefixed to every problem's path.
 * @throws ConfigError listing every problem at once.
 */
export function parseConfig<S extends v.GenericSchema>(schema: S, raw: unknown, path: string): v.InferOutput<S> {
  const result = checkSchema(schema, raw);
  if ('output' in result) return result.output;
  throw new ConfigError(result.problems.map((p) => ({ ...p, path: path + p.path })));
}
