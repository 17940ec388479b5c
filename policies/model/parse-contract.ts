import type * as v from 'valibot';
import { checkSchema, clip, expectedOf } from '../../schema-problems.js';
import type { ContractMismatch } from '../policy-errors.js';
import { ACTION_DIM_SCHEMA, HEAD_SCHEMA, horizonsSchema, KIND_SCHEMA, normalizationSchema, EXECUTION_SCHEMA, OBSERVATION_KEYS_SCHEMA, RECURRENT_SCHEMA, SAMPLING_SCHEMA, SCHEDULER_SCHEMA, VERSION_SCHEMA } from './contract-schema.js';
import { METADATA_KEYS as K, type ModelContract, type NormalizationStats } from './model-contract.js';

/** The contract fields that could be read; a field is absent when its entry was missing or broken. */
export type ParsedContract = { -readonly [F in Exclude<keyof ModelContract, 'flatObservation' | 'metadata'>]?: ModelContract[F] };

// Entries whose text is JSON.
const JSON_ENTRIES: readonly string[] = [K.observationKeys, K.horizons, K.normalization, K.scheduler, K.sampling, K.recurrent, K.execution];

/**
 * Read the contract's metadata entries, pushing one mismatch for each missing or malformed
 * entry or field and carrying on, so that the final error lists everything at once.
 */
export function parseContract(metadata: ReadonlyMap<string, string>, out: ContractMismatch[]): ParsedContract {
  const read = <S extends v.GenericSchema>(key: string, schema: S): v.InferOutput<S> | undefined => {
    const where = `metadata '${key}'`;
    const text = metadata.get(key);
    if (text === undefined) return void out.push({ where, expected: expectedOf(schema), found: 'no such entry' });
    let value: unknown = text;
    try {
      if (JSON_ENTRIES.includes(key)) value = JSON.parse(text);
    } catch {
      return void out.push({ where, expected: `JSON: ${expectedOf(schema)}`, found: clip(text, 120) });
    }
    const result = checkSchema(schema, value, (found) => (found === undefined ? 'missing' : clip(JSON.stringify(found), 120)));
    if ('output' in result) return result.output;
    for (const p of result.problems) out.push({ where: where + p.path, expected: p.expected, found: p.found });
    return undefined;
  };
  const c: ParsedContract = { version: read(K.version, VERSION_SCHEMA), kind: read(K.kind, KIND_SCHEMA) };
  c.observationKeys = read(K.observationKeys, OBSERVATION_KEYS_SCHEMA);
  c.actionDim = c.kind === 'reward-classifier' ? 0 : read(K.actionDim, ACTION_DIM_SCHEMA);
  c.horizons = read(K.horizons, horizonsSchema(c.kind));
  c.normalization = read(K.normalization, normalizationSchema(c.observationKeys, c.actionDim)) as NormalizationStats | undefined;
  if (c.kind === 'diffusion') c.scheduler = read(K.scheduler, SCHEDULER_SCHEMA);
  // Optional: a file without it is sampled as the runtime's options say.
  if (c.kind === 'diffusion' && metadata.has(K.sampling)) c.sampling = read(K.sampling, SAMPLING_SCHEMA);
  if (c.kind === 'bc') c.head = read(K.head, HEAD_SCHEMA);
  // Optional: only models that carry state between steps have it.
  if (c.kind === 'bc' && metadata.has(K.recurrent)) c.recurrent = read(K.recurrent, RECURRENT_SCHEMA);
  if ((c.kind === 'bc' || c.kind === 'diffusion') && metadata.has(K.execution)) c.execution = read(K.execution, EXECUTION_SCHEMA);
  return c;
}
