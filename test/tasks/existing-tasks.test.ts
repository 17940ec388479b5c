// The shared task checks on the two ManiSkill tasks that came first (their own files test the rest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSimEnv } from '../../tasks/make-env.js';
import { assertDenseRewardBounded, deepestPenetration, forEachReset } from './task-checks.js';

for (const task of ['PickCube-v1', 'PushCube-v1']) {
  test(`${task}: no task object starts inside another, the table or the arm over 200 seeds`, () => forEachReset(task, 200, () => {}));
  test(`${task}: the dense reward stays within [0, max], is the max on success, and normalized is dense / max`, () => assertDenseRewardBounded(task, [0, 1, 2]));
}

test('the penetration check sees a cube sunk 5 mm into the table', () => {
  using env = makeSimEnv('PickCube-v1', {});
  env.reset({ seed: 0 });
  assert.ok(deepestPenetration(env.scene).depth < 1e-4, 'resting on the table');
  env.scene.placeObject('cube', { p: { x: 0, y: 0, z: 0.015 }, q: { w: 1, x: 0, y: 0, z: 0 } });
  const p = deepestPenetration(env.scene);
  assert.ok(Math.abs(p.depth - 0.005) < 1e-4, `depth ${p.depth}`);
  assert.equal(p.name, 'cube');
});
