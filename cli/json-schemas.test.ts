import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { assetPath } from '../robot/asset-path.js';
import { jsonSchemaFiles } from './json-schemas.js';

test('the committed JSON Schemas are what `npm run schemas` writes now', () => {
  const files = jsonSchemaFiles();
  assert.deepEqual(Object.keys(files), ['hardware/robot-config.schema.json', 'policies/model-contract.schema.json']);
  for (const [path, text] of Object.entries(files)) {
    assert.ok(readFileSync(assetPath(path), 'utf8') === text, `${path} is stale: run npm run schemas and commit it`);
  }
});

test('the robot config JSON Schema refuses unknown fields and names the defaults', () => {
  const schema = JSON.parse(jsonSchemaFiles()['hardware/robot-config.schema.json']!);
  const ros = schema.oneOf.find((o: { properties: { driver: { const: string } } }) => o.properties.driver.const === 'ros');
  assert.equal(ros.additionalProperties, false);
  assert.equal(ros.properties.url.default, 'ws://127.0.0.1:9090');
  assert.deepEqual(ros.properties.$schema, { type: 'string' });
  assert.equal(schema.$defs.safety.properties.maxRelativeTarget.maximum, 1);
});
