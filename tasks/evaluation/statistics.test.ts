import { test } from 'node:test';
import assert from 'node:assert/strict';
import { erfc, meanWithInterval, rateWithInterval, studentT975, twoProportionPValue } from './statistics.js';

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

test('erfc matches Python math.erfc', () => {
  // Values from CPython's math.erfc.
  for (const [x, want] of [[0.5, 0.4795001221869535], [-1.2, 1.9103139782296354], [3, 2.2090496998585438e-5], [0, 1]] as const) {
    assert.ok(Math.abs(erfc(x) - want) <= 1.2e-7 * want, `erfc(${x}) = ${erfc(x)}, want ${want}`);
  }
});

test('two-proportion test: p-values of known pairs, symmetric, 1 without variance', () => {
  // Pooled z-test p-values computed with math.erfc in Python.
  assert.ok(Math.abs(twoProportionPValue(16, 100, 32, 100) - 0.008071487425268021) < 1e-6);
  assert.ok(Math.abs(twoProportionPValue(60, 100, 50, 100) - 0.1552184896846842) < 1e-6);
  assert.ok(Math.abs(twoProportionPValue(1, 10, 9, 10) - 0.00034661935113466686) < 1e-7);
  assert.equal(twoProportionPValue(32, 100, 16, 100), twoProportionPValue(16, 100, 32, 100));
  assert.equal(twoProportionPValue(0, 100, 0, 100), 1);
  assert.equal(twoProportionPValue(100, 100, 100, 100), 1);
});
