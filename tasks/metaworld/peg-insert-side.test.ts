import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pose } from '../../math/pose.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import type { ObservationDict } from '../env.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { PegInsertSideInfo } from './peg-insert-side.js';

const TASK = 'peg-insert-side-v3';
const UPRIGHT = { w: 1, x: 0, y: 0, z: 0 };
const near = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol;

test("peg-insert-side-v3 resets as Meta-World's: peg lying in [0, 0.2] x [0.5, 0.7], box in [-0.35, -0.25] x [0.4, 0.7], goal 0.03 m into it at 0.13 m, the grasp site observed", () => {
  const p = pose();
  const b = pose();
  const seen = { pegX: [1, -1], boxY: [1, -1] };
  forEachReset(TASK, 200, (env, seed) => {
    const peg = env.world.objectPose('peg', p);
    const box = env.world.objectPose('box', b).p;
    const g = env.task.goal;
    assert.ok(peg.p.x >= 0 && peg.p.x <= 0.2 && peg.p.y >= 0.5 && peg.p.y <= 0.7 && near(peg.p.z, 0.015), `seed ${seed}: peg at ${peg.p.x}, ${peg.p.y}, ${peg.p.z}`);
    assert.deepEqual([peg.q.w, peg.q.x, peg.q.y, peg.q.z], [1, 0, 0, 0], 'lying along x');
    assert.ok(box.x >= -0.35 && box.x <= -0.25 && box.y >= 0.4 && box.y <= 0.7 && Math.abs(box.z) <= 0.001, `seed ${seed}: box at ${box.x}, ${box.y}, ${box.z}`);
    assert.ok(near(g.x, box.x + 0.03) && near(g.y, box.y) && near(g.z, box.z + 0.13), `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.ok(Math.hypot(peg.p.x - box.x, peg.p.y - box.y) >= 0.1);
    assert.equal(env.task.evaluate(env.world).success, false);
    const o = env.step([0, 0, 0, -1]).obs as Float32Array;
    const d = env.observationSpace.field('obj_pose').offset;
    const after = env.world.objectPose('peg', p).p;
    assert.ok(near(o[d]!, after.x + 0.03, 1e-5) && near(o[d + 1]!, after.y, 1e-5) && near(o[d + 2]!, after.z + 0.01, 1e-5), 'the observed object is the grasp site');
    seen.pegX = [Math.min(seen.pegX[0]!, peg.p.x), Math.max(seen.pegX[1]!, peg.p.x)];
    seen.boxY = [Math.min(seen.boxY[0]!, box.y), Math.max(seen.boxY[1]!, box.y)];
  });
  assert.ok(seen.pegX[0]! < 0.01 && seen.pegX[1]! > 0.19 && seen.boxY[0]! < 0.41 && seen.boxY[1]! > 0.69, `the whole range is used: ${JSON.stringify(seen)}`);
  using env = makeSimEnv(TASK, { obsMode: 'state_dict' });
  const o = env.reset({ seed: 2 }).obs as ObservationDict;
  assert.equal(env.observationSpace.size, 39);
  assert.ok(Math.hypot(o['hand_pos']![0]!, o['hand_pos']![1]! - 0.6, o['hand_pos']![2]! - 0.2) < 1e-3, `hand at ${o['hand_pos']}`);
  assert.deepEqual([...o['goal_pos']!], [...[env.task.goal.x, env.task.goal.y, env.task.goal.z].map(Math.fround)]);
});

test("success: the head's offset from the goal scaled (1, 2, 2) within 0.07 m", () => {
  using env = makeSimEnv(TASK, {}) as unknown as SimEnv<PegInsertSideInfo>;
  // The peg's head is 0.1 m toward -x of its centre (positions are float32 in Rapier: keep 0.5 mm off the thresholds).
  const at = (dx: number, dy: number, dz: number) =>
    evaluateArranged(env, 4, (scene) => {
      const g = env.task.goal;
      scene.placeObject('peg', { p: { x: g.x + 0.1 + dx, y: g.y + dy, z: g.z + dz }, q: UPRIGHT });
    });
  assert.equal(at(0, 0, 0).success, true);
  assert.ok(near(at(0.03, 0.01, 0.02).obj_to_target, Math.hypot(0.03, 0.02, 0.04)));
  for (const [ok, fail, where] of [
    [[0.069, 0, 0], [0.071, 0, 0], 'along x'],
    [[-0.069, 0, 0], [-0.071, 0, 0], 'past the goal'],
    [[0, 0.0345, 0], [0, 0.0355, 0], 'along y, counted twice'],
    [[0, 0, -0.0345], [0, 0, -0.0355], 'along z, counted twice'],
  ] as const) {
    assert.equal(at(ok[0], ok[1], ok[2]).success, true, `${where}: ${ok}`);
    assert.equal(at(fail[0], fail[1], fail[2]).success, false, `${where}: ${fail}`);
  }
});

test('the dense reward stays in [0, 10], 10 exactly on success, for the expert and random actions', async () => {
  await assertDenseRewardBounded(TASK, [0, 1]);
});

test('the scripted expert inserts the peg on at least 18 of 20 seeds', async () => {
  await assertExpertSolves(TASK, 18);
});
