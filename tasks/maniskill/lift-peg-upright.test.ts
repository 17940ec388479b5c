import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromAxisAngle, multiply } from '../../math/quat.js';
import { pose } from '../../math/pose.js';
import type { Scene } from '../../sim/scene.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import { intrinsicXyzThirdAngle, type LiftPegUprightInfo } from './lift-peg-upright.js';

const TASK = 'LiftPegUpright-v1';
const X = { x: 1, y: 0, z: 0 };
const Y = { x: 0, y: 1, z: 0 };
const Z = { x: 0, y: 0, z: 1 };
const LYING = fromAxisAngle(X, Math.PI / 2);

test('the reset distribution follows ManiSkill: peg xy in [-0.1, 0.1]^2, lying along x at its half width, a quarter turn about x', () => {
  const xs: number[] = [];
  const ys: number[] = [];
  const p = pose();
  forEachReset(TASK, 200, (env) => {
    const { p: c, q } = env.world.objectPose('peg', p);
    assert.ok(Math.abs(c.x) <= 0.1 && Math.abs(c.y) <= 0.1 && Math.abs(c.z - 0.025) < 1e-6, `peg at ${c.x}, ${c.y}, ${c.z}`);
    assert.ok(Math.abs(q.w - LYING.w) < 1e-6 && Math.abs(q.x - LYING.x) < 1e-6 && Math.abs(q.y) + Math.abs(q.z) < 1e-6, 'lying, unturned');
    assert.equal(env.task.evaluate(env.world).success, false);
    xs.push(c.x);
    ys.push(c.y);
  });
  assert.ok(Math.min(...xs) < -0.09 && Math.max(...xs) > 0.09 && Math.min(...ys) < -0.09 && Math.max(...ys) > 0.09, 'the whole range is used');
});

test('the Euler angle is ManiSkill\'s intrinsic XYZ third angle', () => {
  // Rx(a) Ry(b) Rz(c) decomposes back to c.
  for (const [a, b, c] of [[0.3, -0.4, 1.1], [Math.PI / 2, 0, Math.PI / 2], [-1, 0.2, -2.5]] as const) {
    const q = multiply(multiply(fromAxisAngle(X, a), fromAxisAngle(Y, b)), fromAxisAngle(Z, c));
    assert.ok(Math.abs(intrinsicXyzThirdAngle(q.w, q.x, q.y, q.z) - c) < 1e-9);
  }
});

test('success: upright within 0.08 rad and the centre within 5 mm of 0.12 m', () => {
  using env = makeSimEnv(TASK, {});
  // Standing: the lying pose turned a quarter about world y (long axis from x to z).
  const stand = (tilt: number, z: number) => (scene: Scene) =>
    scene.placeObject('peg', { p: { x: 0, y: 0, z }, q: multiply(fromAxisAngle(Y, -Math.PI / 2 + tilt), LYING) });
  const at = (tilt: number, z: number) => evaluateArranged(env, 0, stand(tilt, z)) as LiftPegUprightInfo;
  assert.equal(at(0, 0.12).success, true);
  assert.equal(at(0.075, 0.12).success, true);
  assert.equal(at(-0.075, 0.12).success, true);
  assert.equal(at(0.085, 0.12).success, false);
  assert.equal(at(0, 0.1245).success, true);
  assert.equal(at(0, 0.1155).success, true);
  assert.equal(at(0, 0.1255).success, false);
  assert.equal(at(0, 0.1145).success, false);
  // Upside down counts too (|angle| near pi/2 either way).
  assert.equal(evaluateArranged(env, 0, (s) => s.placeObject('peg', { p: { x: 0, y: 0, z: 0.12 }, q: multiply(fromAxisAngle(Y, Math.PI / 2), LYING) })).success, true);
});

test('dense reward is the success flag, bounded by 1, normalized by 1', async () => {
  await assertDenseRewardBounded(TASK, [0, 1, 2]);
});

test('the scripted expert stands the peg on at least 18 of 20 seeds', async () => {
  await assertExpertSolves(TASK, 18);
});
