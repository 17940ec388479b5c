import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEnv } from '../make-env.js';
import { METAWORLD_BENCHMARKS } from '../metaworld/benchmarks.js';
import { TASK_ONE_HOT_KEY } from './task-one-hot.js';

test('task one-hot: the task own observation unchanged, then a 1 at its place in the suite', () => {
  const tasks = METAWORLD_BENCHMARKS.MT10;
  using plain = makeEnv('push-v3');
  using hot = makeEnv('push-v3', { taskOneHot: tasks });
  const field = hot.observationSpace.field(TASK_ONE_HOT_KEY);
  assert.deepEqual(field, { key: TASK_ONE_HOT_KEY, offset: plain.observationSpace.size, size: 10 });
  assert.deepEqual(hot.observationSpace.fields.slice(0, -1), plain.observationSpace.fields);
  const a = plain.reset({ seed: 3 }).obs as Float32Array;
  const b = hot.reset({ seed: 3 }).obs as Float32Array;
  const expected = Array.from({ length: 10 }, (_, i) => (i === tasks.indexOf('push-v3') ? 1 : 0));
  assert.deepEqual(Array.from(b.subarray(0, a.length)), Array.from(a));
  assert.deepEqual(Array.from(b.subarray(a.length)), expected);
  const action = new Float32Array([0.5, -0.2, 0.1, 1]);
  for (let i = 0; i < 5; i++) {
    const sa = plain.step(action).obs as Float32Array;
    const sb = hot.step(action).obs as Float32Array;
    assert.deepEqual(Array.from(sb.subarray(0, sa.length)), Array.from(sa));
    assert.deepEqual(Array.from(sb.subarray(sa.length)), expected);
  }
});

test('task one-hot over a list without the task is refused, naming both', () => {
  assert.throws(() => makeEnv('PickCube-v1', { taskOneHot: METAWORLD_BENCHMARKS.MT10 }), /PickCube-v1 is not among the tasks it is taken over \(reach-v3, push-v3/);
});
