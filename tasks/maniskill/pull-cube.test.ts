import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEnv, makeSimEnv } from '../make-env.js';
import type { ObservationDict } from '../env.js';
import { pose } from '../../math/pose.js';
import { SlideCubeExpert } from '../../policies/scripted/slide-cube-expert.js';
import type { PullCube, PullCubeInfo } from './pull-cube.js';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';

const FLAT = { w: 1, x: 0, y: 0, z: 0 };

test('the reset distribution follows ManiSkill: cube xy in [-0.1, 0.1]^2, flat and unturned; goal 0.2 m behind it on the table; nothing starts inside anything', () => {
  const xs: number[] = [];
  const ys: number[] = [];
  const cube = pose();
  forEachReset('PullCube-v1', 200, (env) => {
    const { p, q } = env.world.objectPose('cube', cube);
    assert.ok(Math.abs(p.x) <= 0.1 && Math.abs(p.y) <= 0.1 && Math.abs(p.z - 0.02) < 1e-6, `cube at ${p.x}, ${p.y}, ${p.z}`);
    assert.ok(Math.abs(q.w - 1) < 1e-6 && Math.abs(q.x) + Math.abs(q.y) + Math.abs(q.z) < 1e-6, 'no yaw');
    const g = (env.task as PullCube).goal;
    assert.ok(Math.abs(g.x - p.x + 0.2) < 1e-6 && Math.abs(g.y - p.y) < 1e-6 && g.z === 1e-3, `goal at ${g.x}, ${g.y}, ${g.z}`);
    xs.push(p.x);
    ys.push(p.y);
  });
  assert.ok(Math.min(...xs) < -0.09 && Math.max(...xs) > 0.09 && Math.min(...ys) < -0.09 && Math.max(...ys) > 0.09, 'the whole range is used');
});

test("the state observation is ManiSkill's: qpos, qvel, then tcp_pose, goal_pos, obj_pose", () => {
  using env = makeEnv('PullCube-v1', { obsMode: 'state_dict' });
  const o = env.reset({ seed: 0 }).obs as ObservationDict;
  assert.deepEqual(Object.keys(o), ['qpos', 'qvel', 'tcp_pose', 'goal_pos', 'obj_pose']);
  const [x, y] = o['obj_pose']!;
  const [gx, gy, gz] = o['goal_pos']!;
  assert.ok(Math.abs(gx! - x! + 0.2) < 1e-6 && Math.abs(gy! - y!) < 1e-6 && Math.abs(gz! - 1e-3) < 1e-6, `goal_pos ${gx}, ${gy}, ${gz}`);
});

test('success: the cube centre within 0.1 m of the goal in xy, at any height', () => {
  using env = makeSimEnv('PullCube-v1', {});
  const at = (dx: number, dy: number, z = 0.02): PullCubeInfo =>
    evaluateArranged(env, 3, (scene) => {
      const g = (env.task as PullCube).goal;
      scene.placeObject('cube', { p: { x: g.x + dx, y: g.y + dy, z }, q: FLAT });
    }) as PullCubeInfo;
  assert.equal(at(0.099, 0).success, true);
  assert.equal(at(0.101, 0).success, false);
  assert.equal(at(0, -0.099).success, true);
  assert.equal(at(0, -0.101).success, false);
  assert.equal(at(0.07, 0.07).success, true);
  assert.equal(at(0.071, 0.071).success, false);
  // No on-table condition in ManiSkill's PullCube-v1 (PushCube-v1 has one).
  assert.equal(at(0.05, 0, 0.1).success, true);
  // Where the reset leaves the cube, 0.2 m from the goal, is no success.
  assert.equal(env.reset({ seed: 3 }).info.success, false);
});

test('the dense reward is staged: the place term pays only with the TCP within 1 cm of the pull pose, 3 cm beyond the cube centre', () => {
  using env = makeSimEnv('PullCube-v1', {});
  const task = env.task as PullCube;
  // Put the cube so that the TCP sits `gap` m beyond its centre along +x (and off by `dy`).
  const reward = (gap: number, dy = 0) => {
    const info = evaluateArranged(env, 4, (scene) => {
      const t = env.world.tcp.p;
      scene.placeObject('cube', { p: { x: t.x - gap, y: t.y - dy, z: t.z }, q: FLAT });
    });
    const c = env.world.objectPose('cube', pose()).p;
    const place = 1 - Math.tanh(5 * Math.hypot(task.goal.x - c.x, task.goal.y - c.y));
    return { r: task.denseReward(env.world, info), place, success: info.success };
  };
  const on = reward(0.03);
  assert.equal(on.success, false);
  assert.ok(Math.abs(on.r - (1 + on.place)) < 1e-5, `at the pull pose: ${on.r} vs 1 + ${on.place}`);
  const near = reward(0.03, 0.0095);
  assert.ok(near.r > 1 + near.place - 0.06, `9.5 mm off: ${near.r}`);
  const off = reward(0.03, 0.0105);
  assert.ok(off.r < 1 && Math.abs(off.r - (1 - Math.tanh(5 * 0.0105))) < 1e-5, `10.5 mm off: ${off.r}`);
  // Gripping the cube's centre is not the pull pose.
  assert.ok(reward(0).r < 1);
});

test('success comes from pulling: the cube slides 0.1 m or more along -x', () => {
  using env = makeEnv('PullCube-v1', { controlMode: 'pd_ee_delta_pose', obsMode: 'state_dict' });
  const flat = makeEnv('PullCube-v1', { controlMode: 'pd_ee_delta_pose' });
  const expert = new SlideCubeExpert(flat.observationSpace, 'pull');
  flat.close();
  let obs = env.reset({ seed: 11 }).obs as ObservationDict;
  const start = obs['obj_pose']!.slice(0, 3);
  expert.reset(1);
  for (let t = 0; t < 50; t++) {
    const r = env.step(expert.act(Float32Array.from(Object.values(obs).flatMap((v) => [...v]))));
    obs = r.obs as ObservationDict;
    if (r.info.success) {
      const c = obs['obj_pose']!;
      assert.ok(start[0]! - c[0]! >= 0.1, `moved ${(start[0]! - c[0]!).toFixed(3)} m`);
      assert.ok(Math.abs(c[1]! - start[1]!) < 0.03 && c[2]! < 0.025, `cube at ${[...c].map((v) => v.toFixed(3))}`);
      return;
    }
  }
  assert.fail('the expert did not solve seed 11');
});

test('PullCube-v1: the dense reward stays within [0, 3], is 3 on success, and normalized is dense / 3', () => assertDenseRewardBounded('PullCube-v1', [0, 1, 2]));

test('the scripted expert solves PullCube-v1 on at least 18 of 20 seeds', () => assertExpertSolves('PullCube-v1', 18));
