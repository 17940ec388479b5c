import { toJsonSchema, type ConversionConfig } from '@valibot/to-json-schema';
import { writeFileSync } from 'node:fs';
import type * as v from 'valibot';
import { DETECTOR_SCHEMA } from '../hardware/detectors/detector-config.js';
import { RESET_SCHEMA } from '../hardware/resets/reset-config.js';
import { ROBOT_CONFIG_SCHEMA } from '../hardware/robot-config-schema.js';
import { SAFETY_SCHEMA, VEC3_SCHEMA } from '../hardware/safety/safety-config.js';
import { MODEL_METADATA_SCHEMA } from '../policies/model/contract-schema.js';
import { assetPath } from '../robot/asset-path.js';

const CONVERSION: ConversionConfig = {
  // What a file holds: before defaults are filled in and fields renamed.
  typeMode: 'input',
  // strictFields refuses other fields through a rest schema of `never`; say it the plain way.
  overrideSchema: ({ valibotSchema, jsonSchema }) => (valibotSchema.type === 'object_with_rest' ? { ...jsonSchema, additionalProperties: false } : undefined),
  // Cross-field checks have no JSON Schema form (armkit makes them when it reads the file), and
  // JSON numbers are finite anyway.
  overrideAction: ({ valibotAction, jsonSchema }) => (['check', 'raw_check', 'finite'].includes(valibotAction.type) ? jsonSchema : undefined),
};

/** The JSON Schemas committed for editors and exporters, by path in the package, as file text. */
export function jsonSchemaFiles(): Record<string, string> {
  // Parts used more than once are written once, under $defs.
  const text = (schema: v.GenericSchema, definitions = {}) => `${JSON.stringify(toJsonSchema(schema, { ...CONVERSION, definitions }), null, 2)}\n`;
  return {
    'hardware/robot-config.schema.json': text(ROBOT_CONFIG_SCHEMA, { detector: DETECTOR_SCHEMA, reset: RESET_SCHEMA, safety: SAFETY_SCHEMA, vec3: VEC3_SCHEMA }),
    'policies/model-contract.schema.json': text(MODEL_METADATA_SCHEMA),
  };
}

// `npm run schemas` writes them.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  for (const [path, text] of Object.entries(jsonSchemaFiles())) {
    writeFileSync(assetPath(path), text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
