import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scene } from '../../sim/scene.js';
import { assertDenseRewardBounded, evaluateArranged, expertRun, forEachReset } from '../../test/tasks/task-checks.js';
import type { ObservationDict, StepInfo } from '../env.js';
import { makeEnv, makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import { yawOf } from './table-top.js';

const TASK = 'StackPyramid-v1';
const IDENTITY = { w: 1, x: 0, y: 0, z: 0 };
const CUBES = ['cubeA', 'cubeB', 'cubeC'];

test('the reset distribution follows ManiSkill: three cubes flat on the table in the offset region, pairwise apart, any yaw', () => {
  const xs: number[] = [];
  const ys: number[] = [];
  const yaws: number[] = [];
  forEachReset(TASK, 200, (env, seed) => {
    const ps = CUBES.map((n) => env.scene.body(n).translation());
    CUBES.forEach((n) => {
      const p = env.scene.body(n).translation();
      const q = env.scene.body(n).rotation();
      assert.ok(Math.abs(p.x) <= 0.2 && Math.abs(p.y) <= 0.3 && Math.abs(p.z - 0.02) < 1e-6, `seed ${seed}: ${n} at ${p.x}, ${p.y}, ${p.z}`);
      assert.ok(Math.abs(q.x) + Math.abs(q.y) < 1e-6, `seed ${seed}: ${n} tilted`);
      xs.push(p.x);
      ys.push(p.y);
      yaws.push(yawOf(q.w, q.x, q.y, q.z));
    });
    for (let i = 0; i < 3; i++) {
      for (let j = i + 1; j < 3; j++) {
        const d = Math.hypot(ps[i]!.x - ps[j]!.x, ps[i]!.y - ps[j]!.y);
        assert.ok(d > 2 * (Math.SQRT2 * 0.02 + 0.001), `seed ${seed}: ${CUBES[i]} and ${CUBES[j]} ${d.toFixed(4)} apart`);
      }
    }
  });
  assert.ok(Math.max(...xs.map(Math.abs)) > 0.14, 'x range used');
  assert.ok(Math.max(...ys.map(Math.abs)) > 0.22, 'y range used');
  assert.ok(Math.max(...yaws) - Math.min(...yaws) > 5.5, 'yaw over the whole circle');
});

test("the observation is ManiSkill's state extras, in order", () => {
  using env = makeEnv(TASK, { obsMode: 'state_dict' });
  const o = env.reset({ seed: 3 }).obs as ObservationDict;
  assert.deepEqual(Object.keys(o), [
    'qpos', 'qvel', 'tcp_pose', 'cubeA_pose', 'cubeB_pose', 'cubeC_pose', 'tcp_to_cubeA_pos', 'tcp_to_cubeB_pos', 'tcp_to_cubeC_pos',
    'cubeA_to_cubeB_pos', 'cubeB_to_cubeC_pos', 'cubeA_to_cubeC_pos',
  ]);
  const p = (k: string, i: number) => o[k]![i]!;
  for (let i = 0; i < 3; i++) {
    assert.ok(Math.abs(p('tcp_to_cubeC_pos', i) - (p('cubeC_pose', i) - p('tcp_pose', i))) < 1e-6);
    assert.ok(Math.abs(p('cubeA_to_cubeB_pos', i) - (p('cubeB_pose', i) - p('cubeA_pose', i))) < 1e-6);
    assert.ok(Math.abs(p('cubeB_to_cubeC_pos', i) - (p('cubeC_pose', i) - p('cubeB_pose', i))) < 1e-6);
    assert.ok(Math.abs(p('cubeA_to_cubeC_pos', i) - (p('cubeC_pose', i) - p('cubeA_pose', i))) < 1e-6);
  }
});

/** cubeA `gap` beside cubeB along x, cubeC at `cx` along that line and `cz` above the table (cubeB where seed 0 put it), cubeC moving at `v`. */
function arranged(env: SimEnv<StepInfo>, gap: number, cx: number, cz: number, v = 0, w = 0): boolean {
  return evaluateArranged(env, 0, (scene: Scene) => {
    const b = scene.body('cubeB').translation();
    scene.placeObject('cubeA', { p: { x: b.x + gap, y: b.y, z: 0.02 }, q: IDENTITY });
    scene.placeObject('cubeC', { p: { x: b.x + cx, y: b.y, z: cz }, q: IDENTITY });
    scene.body('cubeC').setLinvel({ x: v, y: 0, z: 0 }, true);
    scene.body('cubeC').setAngvel({ x: 0, y: 0, z: w }, true);
  }).success;
}

test('success: A within sqrt(2) * 0.04 + 0.005 of B in xy, C within that of both and over 0.02 above each, A and C static', () => {
  using env = makeSimEnv(TASK, {}) as SimEnv<StepInfo>;
  const xy = Math.SQRT2 * 0.04 + 0.005;
  assert.equal(arranged(env, 0.04, 0.02, 0.06), true);
  assert.equal(arranged(env, xy - 1e-4, (xy - 1e-4) / 2, 0.06), true);
  assert.equal(arranged(env, xy + 1e-4, (xy + 1e-4) / 2, 0.06), false, 'A too far from B');
  // C off the middle: within reach of B but not of A.
  assert.equal(arranged(env, 0.05, 0.05 - xy + 1e-4, 0.06), true);
  assert.equal(arranged(env, 0.05, 0.05 - xy - 1e-4, 0.06), false, 'C too far from A');
  assert.equal(arranged(env, 0.04, 0.02, 0.04 + 1e-4), true);
  assert.equal(arranged(env, 0.04, 0.02, 0.04 - 1e-4), false, 'C not above the pair');
  assert.equal(arranged(env, 0.04, 0.02, 0.06, 0.0099), true);
  assert.equal(arranged(env, 0.04, 0.02, 0.06, 0.0101), false, 'C moving');
  assert.equal(arranged(env, 0.04, 0.02, 0.06, 0, 0.49), true);
  assert.equal(arranged(env, 0.04, 0.02, 0.06, 0, 0.51), false, 'C turning');
});

test('the dense reward is the success flag (ManiSkill defines none): within [0, 1], 1 on success', async () => {
  await assertDenseRewardBounded(TASK, [0, 1, 2]);
});

test('the scripted expert builds the pyramid on at least 18 of 20 seeds', async () => {
  const r = await expertRun(TASK);
  assert.ok(r.solved >= 18, `solved ${r.solved}/20; failed seeds ${r.failed.join(', ')}`);
});
