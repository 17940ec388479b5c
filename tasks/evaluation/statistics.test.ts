import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanWithInterval, rateWithInterval, studentT975 } from './statistics.js';

test('Wilson interval matches published values and stays inside [0, 1]', () => {
  // 95 of 100: Wilson 95% interval (0.8883, 0.9785).
  const r = rateWithInterval(95, 100);
  assert.ok(Math.abs(r.low - 0.8883) < 5e-4 && Math.abs(r.high - 0.9785) < 5e-4, JSON.stringify(r));
  const all = rateWithInterval(20, 20);
  assert.equal(all.high, 1);
  assert.ok(all.low > 0.8 && all.low < 0.85, JSON.stringify(all));
  const none = rateWithInterval(0, 10);
  assert.equal(none.low, 0);
  assert.ok(none.high > 0.25 && none.high < 0.3);
});

test('Student t quantiles match tables', () => {
  assert.ok(Math.abs(studentT975(5) - 2.5706) < 2e-3);
  assert.ok(Math.abs(studentT975(10) - 2.2281) < 1e-3);
  assert.ok(Math.abs(studentT975(99) - 1.9842) < 1e-4);
});

test('mean interval of a known sample', () => {
  const e = meanWithInterval([1, 2, 3, 4, 5]);
  assert.equal(e.mean, 3);
  // s = 1.5811, se = 0.7071, t(4) = 2.7764
  assert.ok(Math.abs(e.high - 3 - 2.7764 * 0.70711) < 5e-3, JSON.stringify(e));
});
