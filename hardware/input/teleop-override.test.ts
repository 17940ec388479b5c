import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualKeySource } from './key-source.js';
import { TeleopOverride } from './teleop-override.js';

test('the toggle key hands the keyboard to teleop, hiding keys from other listeners but the e-stop', () => {
  const keys = new ManualKeySource();
  const override = new TeleopOverride(keys);
  const seen: string[] = [];
  override.onKey((k) => seen.push(k));
  keys.press('s');
  assert.deepEqual(seen, ['s']);
  keys.press('t');
  assert.equal(override.engaged, true);
  keys.press('s');
  keys.press('r');
  keys.press('e');
  assert.deepEqual(seen, ['s', 'e'], 'only the e-stop gets through while engaged');
  assert.deepEqual(Array.from(override.nextAction(new Float32Array(7))), [-0.5, 0, 0.5, 0, 0, 0, 1]);
  keys.press('t');
  assert.equal(override.engaged, false);
  keys.press('s');
  assert.deepEqual(seen, ['s', 'e', 's']);
});
