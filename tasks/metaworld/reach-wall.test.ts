import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCRIPTED_EXPERTS } from '../../policies/scripted/scripted-experts.js';
import { assertDenseRewardBounded, assertExpertSolves, forEachReset } from '../../test/tasks/task-checks.js';
import type { ObservationDict } from '../env.js';
import { makeEnv, makeSimEnv } from '../make-env.js';
import { wallOverlap } from './wall-object.js';

test("reach-wall-v3 resets as Meta-World's: hand at (0, 0.6, 0.2), object in [-0.05, 0.05] x [0.6, 0.65], goal in [-0.05, 0.05] x [0.85, 0.9] x [0.05, 0.3], 0.15 m apart", () => {
  const seen = { gx: [1, -1], gz: [1, -1] };
  forEachReset('reach-wall-v3', 200, (env, seed) => {
    const o = env.scene.body('obj').translation();
    const g = env.task.goal;
    assert.ok(o.x >= -0.05 && o.x <= 0.05 && o.y >= 0.6 && o.y <= 0.65 && Math.abs(o.z - 0.02) < 1e-6, `seed ${seed}: object at ${o.x}, ${o.y}, ${o.z}`);
    assert.ok(g.x >= -0.05 && g.x <= 0.05 && g.y >= 0.85 && g.y <= 0.9 && g.z >= 0.05 && g.z <= 0.3, `seed ${seed}: goal ${g.x}, ${g.y}, ${g.z}`);
    assert.ok(Math.hypot(o.x - g.x, o.y - g.y) >= 0.15);
    assert.equal(env.task.evaluate(env.world).success, false);
    seen.gx = [Math.min(seen.gx[0]!, g.x), Math.max(seen.gx[1]!, g.x)];
    seen.gz = [Math.min(seen.gz[0]!, g.z), Math.max(seen.gz[1]!, g.z)];
  });
  assert.ok(seen.gx[0]! < -0.045 && seen.gx[1]! > 0.045 && seen.gz[0]! < 0.07 && seen.gz[1]! > 0.28, `the goal box is used: ${seen.gx}, ${seen.gz}`);
  using env = makeSimEnv('reach-wall-v3', {});
  const w = env.scene.body('wall').translation();
  assert.deepEqual([w.x, w.y, w.z].map((v) => Number(v.toFixed(6))), [0.1, 0.75, 0.06]);
  const o = env.reset({ seed: 0 }).obs as Float32Array;
  assert.ok(Math.hypot(o[0]!, o[1]! - 0.6, o[2]! - 0.2) < 1e-3, `hand at ${o[0]}, ${o[1]}, ${o[2]}`);
});

test('reach-wall-v3 succeeds with the TCP within 0.05 m of the goal', () => {
  using env = makeEnv('reach-wall-v3', { obsMode: 'state_dict' });
  // The hand driven to the goal and 0.049 / 0.051 m off it along z.
  for (const [off, expect] of [[0.049, true], [0.051, false]] as const) {
    let o = env.reset({ seed: 2 }).obs as ObservationDict;
    const goal = o['goal_pos']!;
    let info = { success: false };
    for (let t = 0; t < 120; t++) {
      const h = o['hand_pos']!;
      const aim = [goal[0]!, goal[1]!, goal[2]! + off + 0.045];
      const r = env.step([0, 1, 2].map((i) => Math.max(-1, Math.min(1, (0.5 * (aim[i]! - h[i]!)) / 0.01))).concat(1));
      o = r.obs as ObservationDict;
      info = r.info as { success: boolean };
    }
    const h = o['hand_pos']!;
    const d = Math.hypot(h[0]! - goal[0]!, h[1]! - goal[1]!, h[2]! - 0.045 - goal[2]!);
    assert.ok(Math.abs(d - off) < 5e-4, `TCP ${d} from the goal`);
    assert.equal(info.success, expect, `${off} m off`);
  }
});

test('reach-wall-v3: the dense reward stays in [0, 10] for the expert and random actions', async () => {
  await assertDenseRewardBounded('reach-wall-v3', [0]);
});

test('reach-wall-v3: the scripted expert reaches the goal on at least 18 of 20 seeds, never entering the wall', async () => {
  await assertExpertSolves('reach-wall-v3', 18);
  const expert = SCRIPTED_EXPERTS.get('reach-wall-v3');
  let deepest = 0;
  for (const seed of [0, 1, 2, 3, 4]) {
    using env = makeSimEnv('reach-wall-v3', { controlMode: expert.controlMode });
    const policy = expert.create(env.observationSpace);
    policy.reset();
    let obs = env.reset({ seed }).obs as Float32Array;
    const action = new Float32Array(4);
    for (let t = 0; t < 60; t++) {
      await policy.act(obs, 1, action);
      obs = env.step(action).obs as Float32Array;
      deepest = Math.max(deepest, wallOverlap(env.scene));
    }
  }
  assert.ok(deepest <= 0.002, `the arm went ${(1000 * deepest).toFixed(1)} mm into the wall`);
});

test('reach-wall-v3 replays bitwise from the same seed and actions', () => {
  const run = () => {
    using env = makeSimEnv('reach-wall-v3', {});
    const out: number[] = [...(env.reset({ seed: 11 }).obs as Float32Array)];
    for (let t = 0; t < 30; t++) {
      const s = env.step(Float32Array.from([Math.sin(t), 1, Math.cos(t) - 0.5, t % 2 ? 1 : -1]));
      out.push(...(s.obs as Float32Array), s.reward);
    }
    return out;
  };
  assert.deepEqual(run(), run());
});
