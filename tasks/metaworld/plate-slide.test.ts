import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, assertReplaysBitwise, evaluateArranged, expertOverlap, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { SimEnv } from '../sim-env.js';
import type { PlateSlideInfo } from './plate-slide-task.js';
import { PUCK_X_RANGE, PUCK_Y_RANGE } from './puck-object.js';
import { wallOverlap } from './wall-object.js';

const TASKS = [
  // The goal box, the puck's start, where the net stands (null: at the goal) and whether it is turned.
  { task: 'plate-slide-v3', lo: [-0.1, 0.85, 0], hi: [0.1, 0.9, 0], puck: [0, 0.6], net: null, turned: false },
  { task: 'plate-slide-side-v3', lo: [-0.3, 0.54, 0], hi: [-0.25, 0.66, 0], puck: [0, 0.6], net: [-0.3, 0.6], turned: true },
  { task: 'plate-slide-back-v3', lo: [-0.1, 0.6, 0.015], hi: [0.1, 0.6, 0.015], puck: [0, 0.75], net: [0, 0.85], turned: false },
  { task: 'plate-slide-back-side-v3', lo: [-0.05, 0.6, 0.015], hi: [0.15, 0.6, 0.015], puck: [-0.15, 0.6], net: [-0.25, 0.6], turned: true },
] as const;

test("the plate tasks reset as Meta-World's: the puck at its start on the table, the goal uniform in its box, the net in place", () => {
  for (const c of TASKS) {
    const seen = { lo: [1, 1], hi: [-1, -1] };
    forEachReset(c.task, 200, (env, seed) => {
      const where = `${c.task} seed ${seed}`;
      const p = env.scene.body('puck').translation();
      const q = env.scene.body('puck').rotation();
      const g = env.task.goal;
      assert.ok(Math.abs(p.x - c.puck[0]) < 1e-6 && Math.abs(p.y - c.puck[1]) < 1e-6 && Math.abs(p.z - 0.015) < 1e-6, `${where}: puck at ${p.x}, ${p.y}, ${p.z}`);
      assert.ok(Math.abs(q.w - 1) < 1e-9, `${where}: the puck is not turned`);
      for (let i = 0; i < 3; i++) {
        const v = [g.x, g.y, g.z][i]!;
        assert.ok(v >= c.lo[i]! - 1e-9 && v <= c.hi[i]! + 1e-9, `${where}: goal ${g.x}, ${g.y}, ${g.z}`);
      }
      const n = env.scene.body('net').translation();
      const at = c.net ?? [g.x, g.y];
      assert.ok(Math.abs(n.x - at[0]) < 1e-6 && Math.abs(n.y - at[1]) < 1e-6 && Math.abs(n.z) < 1e-6, `${where}: net at ${n.x}, ${n.y}, ${n.z}`);
      const turn = 2 * Math.atan2(env.scene.body('net').rotation().z, env.scene.body('net').rotation().w);
      assert.ok(Math.abs(turn - (c.turned ? 1.57 : 0)) < 1e-6, `${where}: net turned ${turn}`);
      assert.equal(env.task.evaluate(env.world).success, false, where);
      seen.lo = [Math.min(seen.lo[0]!, g.x), Math.min(seen.lo[1]!, g.y)];
      seen.hi = [Math.max(seen.hi[0]!, g.x), Math.max(seen.hi[1]!, g.y)];
    });
    for (let i = 0; i < 2; i++) {
      const span = c.hi[i]! - c.lo[i]!;
      assert.ok(seen.lo[i]! <= c.lo[i]! + 0.05 * span + 1e-9 && seen.hi[i]! >= c.hi[i]! - 0.05 * span - 1e-9, `${c.task}: the goal box is used along ${'xy'[i]}: ${seen.lo[i]}..${seen.hi[i]}`);
    }
  }
});

test("the observation carries the puck's centre, its quaternion (0, 0, 0, 1) and the goal", () => {
  for (const c of TASKS) {
    using env = makeSimEnv(c.task, {});
    const obs = env.reset({ seed: 4 }).obs as Float32Array;
    const g = env.task.goal;
    assert.deepEqual([...obs.subarray(4, 7)].map((v) => Number(v.toFixed(6))), [c.puck[0], c.puck[1], 0.015], c.task);
    assert.deepEqual([...obs.subarray(7, 11)], [0, 0, 0, 1], c.task);
    assert.deepEqual([...obs.subarray(36, 39)], [Math.fround(g.x), Math.fround(g.y), Math.fround(g.z)], c.task);
  }
});

test('the plate tasks succeed with the puck within 0.07 m of the goal (3-d), and pay 10 within 0.05', () => {
  for (const c of TASKS) {
    using env = makeSimEnv(c.task, {}) as unknown as SimEnv<PlateSlideInfo>;
    // A seed whose goal the puck can reach at the goal's y (its y slide starts at 0.6).
    let seed = 0;
    for (; seed < 50; seed++) {
      env.reset({ seed });
      if (env.task.goal.y >= 0.6) break;
    }
    const at = (d: number) =>
      evaluateArranged(env, seed, (scene) => {
        const g = env.task.goal;
        // The puck's centre stays 0.015 m up: offset along x to a 3-d distance d.
        const dx = Math.sqrt(d * d - (0.015 - g.z) ** 2);
        scene.setPlanarPosition('puck', g.x + dx, g.y - 0.6);
      });
    assert.ok(Math.abs(at(0.069).obj_to_target - 0.069) < 1e-6, `${c.task}: arranged at ${at(0.069).obj_to_target}`);
    assert.equal(at(0.069).success, true, c.task);
    assert.equal(at(0.071).success, false, c.task);
    assert.equal(env.task.denseReward(env.world, at(0.049), [0, 0, 0, 0]), 10, c.task);
    assert.ok(env.task.denseReward(env.world, at(0.055), [0, 0, 0, 0]) < 10, c.task);
  }
});

test("the side and back rewards pay 2 + 7 x in place only with the TCP at most 0.03 m up and within 0.07 m of the puck; plate-slide's 8 x reach AND in place", () => {
  using env = makeSimEnv('plate-slide-back-v3', {}) as unknown as SimEnv<PlateSlideInfo>;
  const info = evaluateArranged(env, 2, () => {});
  // At reset the TCP is 0.15 m up: 1.5 x reach, under 1.5.
  const far = env.task.denseReward(env.world, info, [0, 0, 0, 0]);
  assert.ok(far > 0 && far < 1.5, `${far}`);
  using slide = makeSimEnv('plate-slide-v3', {}) as unknown as SimEnv<PlateSlideInfo>;
  const start = evaluateArranged(slide, 2, () => {});
  const r = slide.task.denseReward(slide.world, start, [0, 0, 0, 0]);
  assert.ok(r > 0 && r < 8 * 0.2, `plate-slide at reset: ${r}`);
});

test('the dense reward of every plate task stays in [0, 10] for the expert and random actions', async () => {
  for (const c of TASKS) await assertDenseRewardBounded(c.task, [0], false);
});

test("the puck's slides stop it at their ranges and keep it at its height, unturned; the net stops it", () => {
  using env = makeSimEnv('plate-slide-v3', {});
  env.reset({ seed: 0 });
  for (let t = 0; t < 10; t++) env.step(Float32Array.from([0, 0, 1, -1]));
  const hold = Float32Array.from([0, 0, 0, -1]);
  const puck = env.scene.body('puck');
  // The net stands at the goal, in the puck's +y path: move it aside to drive the y slide free.
  env.scene.body('net').setTranslation({ x: 0.6, y: 0.85, z: 0 }, true);
  for (const [v, axis, limit] of [[-4, 'x', PUCK_X_RANGE[0]], [4, 'x', PUCK_X_RANGE[1]], [4, 'y', PUCK_Y_RANGE[1]], [-4, 'y', PUCK_Y_RANGE[0]]] as const) {
    let extreme = v < 0 ? 1 : -1;
    for (let t = 0; t < 40; t++) {
      // A steady push: v N, which the slides' damping (1 N s/m) would turn into v m/s.
      puck.resetForces(true);
      puck.addForce({ x: axis === 'x' ? v : 0, y: axis === 'y' ? v : 0, z: 0 }, true);
      env.step(hold);
      const q = env.scene.planarPosition('puck', { x: 0, y: 0 })[axis];
      extreme = v < 0 ? Math.min(extreme, q) : Math.max(extreme, q);
      const p = puck.translation();
      assert.ok(Math.abs(p.z - 0.015) < 1e-9 && Math.abs(puck.rotation().w - 1) < 1e-9, `the puck keeps its height and turn: z ${p.z}`);
    }
    puck.resetForces(true);
    assert.ok(Math.abs(extreme - limit) < 2e-3, `pushed with ${v} N along ${axis} the puck reached ${extreme}, its limit is ${limit}`);
  }
  // Pushed into the sideways net (mouth at x -0.2315), the puck stops at its back bar.
  using side = makeSimEnv('plate-slide-side-v3', {});
  side.reset({ seed: 0 });
  let minX = 1;
  const sidePuck = side.scene.body('puck');
  for (let t = 0; t < 60; t++) {
    sidePuck.resetForces(true);
    sidePuck.addForce({ x: -4, y: 0, z: 0 }, true);
    side.step(Float32Array.from([0, 0, 1, -1]));
    minX = Math.min(minX, side.scene.body('puck').translation().x);
  }
  assert.ok(minX < -0.3 && minX > -0.33, `the puck stopped at x ${minX} (the back bar's front at -0.369: -0.319)`);
});

test('the scripted expert solves every plate task on at least 18 of 20 seeds, the arm never entering the net', async () => {
  for (const c of TASKS) {
    await assertExpertSolves(c.task, 18);
    const deepest = await expertOverlap(c.task, [0, 1], 250, (scene) => wallOverlap(scene, 'net'));
    assert.ok(deepest <= 0.002, `${c.task}: the arm or the puck went ${(1000 * deepest).toFixed(1)} mm into the net`);
  }
});

test('the plate tasks replay bitwise from the same seed and actions', () => {
  for (const c of TASKS) assertReplaysBitwise(c.task);
});
