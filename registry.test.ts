import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from './errors.js';
import { Registry } from './registry.js';

test('a registry refuses duplicate ids and names the known ones for an unknown id', () => {
  const r = new Registry<number>('widget', [['b', 2], ['a', 1]]);
  assert.deepEqual(r.ids(), ['a', 'b']);
  assert.equal(r.get('a'), 1);
  assert.throws(() => r.register('a', 3), (e: Error) => e instanceof RegistryError && /widget "a" is already registered/.test(e.message));
  assert.throws(() => r.get('c'), (e: Error) => e instanceof RegistryError && /unknown widget "c"; known: a, b/.test(e.message));
});
