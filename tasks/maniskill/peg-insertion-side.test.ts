import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { ObservationDict } from '../env.js';
import type { PegInsertionSideInfo } from './peg-insertion-side.js';
import { yawOf } from './table-top.js';
import type { SimEnv } from '../sim-env.js';

const TASK = 'PegInsertionSide-v1';

test('resets follow ManiSkill: sizes, peg and box ranges, the hole within the box, no interpenetration', () => {
  const lengths: number[] = [];
  const pegYaws: number[] = [];
  using dict = makeSimEnv(TASK, { obsMode: 'state_dict' });
  forEachReset(TASK, 200, (_env, seed) => {
    const o = dict.reset({ seed }).obs as ObservationDict;
    const [L, r, r2] = o['peg_half_size']!;
    assert.ok(L! >= 0.085 - 1e-6 && L! <= 0.125 + 1e-6 && r! >= 0.015 - 1e-6 && r! <= 0.025 + 1e-6 && r === r2, `peg ${L}, ${r}`);
    assert.ok(Math.abs(o['box_hole_radius']![0]! - r! - 0.003) < 1e-6, 'hole = peg + 3 mm clearance');
    const [x, y, z, qw, qx, qy, qz] = o['peg_pose']!;
    assert.ok(x! >= -0.1 && x! <= 0.1 && y! >= -0.3 && y! <= 0 && Math.abs(z! - r!) < 2e-3, `peg at ${x}, ${y}, ${z}`);
    const yaw = yawOf(qw!, qx!, qy!, qz!);
    assert.ok(Math.abs(yaw - Math.PI / 2) <= Math.PI / 3 + 1e-4, `peg yaw ${yaw}`);
    const [hx, hy, hz] = o['box_hole_pose']!;
    // The hole's centre lies within 0.5 (L - r) of the box's centre (x in [-0.05, 0.05], y in [0.2, 0.4], z = L).
    const off = 0.5 * (L! - r!) * Math.SQRT2 + 1e-6;
    assert.ok(Math.abs(hx!) <= 0.05 + off && hy! >= 0.2 - off && hy! <= 0.4 + off && Math.abs(hz! - L!) <= off, `hole at ${hx}, ${hy}, ${hz}`);
    lengths.push(L!);
    pegYaws.push(yaw);
  });
  assert.ok(Math.min(...lengths) < 0.09 && Math.max(...lengths) > 0.12, 'the length range is used');
  assert.ok(Math.min(...pegYaws) < Math.PI / 2 - 0.9 && Math.max(...pegYaws) > Math.PI / 2 + 0.9, 'the yaw range is used');
});

/** Place the peg aligned with the hole with its head at `x` along the hole's axis and `(y, z)` across it. */
function headAt(seed: number, x: number, y: number, z: number): PegInsertionSideInfo {
  using env = makeSimEnv(TASK, { obsMode: 'state_dict' });
  const o = env.reset({ seed }).obs as ObservationDict;
  return evaluateArranged(env as unknown as SimEnv<PegInsertionSideInfo>, seed, (scene) => {
    const L = o['peg_half_size']![0]!;
    const [px, py, pz, qw, qx, qy, qz] = o['box_hole_pose']!;
    const yaw = yawOf(qw!, qx!, qy!, qz!);
    const c = { x: Math.cos(yaw), y: Math.sin(yaw) };
    const along = x - L;
    scene.body('peg').setTranslation({ x: px! + c.x * along - c.y * y, y: py! + c.y * along + c.x * y, z: pz! + z }, true);
    scene.body('peg').setRotation({ w: qw!, x: qx!, y: qy!, z: qz! }, true);
  });
}

test('success: the head within 0.015 m of the hole centre along the axis and within the hole across it', () => {
  const seed = 3;
  using env = makeSimEnv(TASK, { obsMode: 'state_dict' });
  const radius = (env.reset({ seed }).obs as ObservationDict)['box_hole_radius']![0]!;
  assert.equal(headAt(seed, 0, 0, 0).success, true);
  assert.equal(headAt(seed, 0.014, 0, 0).success, true);
  assert.equal(headAt(seed, -0.014, 0, 0).success, true);
  assert.equal(headAt(seed, 0.016, 0, 0).success, false);
  assert.equal(headAt(seed, -0.016, 0, 0).success, false);
  assert.equal(headAt(seed, 0, radius - 5e-4, 0).success, true);
  assert.equal(headAt(seed, 0, radius + 5e-4, 0).success, false);
  assert.equal(headAt(seed, 0, 0, radius - 5e-4).success, true);
  assert.equal(headAt(seed, 0, 0, -radius - 5e-4).success, false);
  const at = headAt(seed, 0.01, 0, 0).peg_head_pos_at_hole;
  assert.ok(Math.abs(at[0] - 0.01) < 1e-5 && Math.abs(at[1]) < 1e-5 && Math.abs(at[2]) < 1e-5, `head at ${at}`);
});

test('dense reward within [0, 10], 10 on success, normalized = dense / 10', async () => {
  await assertDenseRewardBounded(TASK, [0, 1, 2]);
});

test('the scripted expert solves PegInsertionSide-v1 on at least 18 of 20 seeds', async () => {
  await assertExpertSolves(TASK, 18);
});
