import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomPolicy } from './random-policy.js';

test('random actions stay in the bounds, follow each env its episode seed, and differ across seeds', () => {
  const low = Float32Array.from([-1, 0, -0.5]);
  const high = Float32Array.from([1, 2, -0.25]);
  const p = new RandomPolicy(low, high);
  p.reset({ seeds: [5, 6] });
  const a = Array.from({ length: 20 }, () => p.act({}, 2).slice());
  for (const row of a) for (let i = 0; i < row.length; i++) assert.ok(row[i]! >= low[i % 3]! && row[i]! <= high[i % 3]!, `entry ${i}: ${row[i]}`);
  // Env 1 alone with seed 6 gives what env 1 of the pair gave.
  p.reset({ seeds: [6] });
  const b = Array.from({ length: 20 }, () => p.act({}, 1).slice());
  for (let t = 0; t < 20; t++) assert.deepEqual(b[t], a[t]!.slice(3, 6));
  assert.notDeepEqual(a[0]!.slice(0, 3), a[0]!.slice(3, 6));
});
