import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDenseRewardBounded, assertExpertSolves, evaluateArranged, forEachReset } from '../../test/tasks/task-checks.js';
import { makeSimEnv } from '../make-env.js';
import type { ObservationDict } from '../env.js';
import type { PlugChargerInfo } from './plug-charger.js';
import { yawOf } from './table-top.js';
import type { SimEnv } from '../sim-env.js';

const TASK = 'PlugCharger-v1';

const wrap = (a: number): number => Math.atan2(Math.sin(a), Math.cos(a));

test('resets follow ManiSkill: charger and receptacle ranges, the goal the receptacle turned half a turn, no interpenetration', () => {
  const chargerYaws: number[] = [];
  const receptacleYaws: number[] = [];
  const chargerXs: number[] = [];
  const receptacleYs: number[] = [];
  using dict = makeSimEnv(TASK, { obsMode: 'state_dict' });
  forEachReset(TASK, 200, (_env, seed) => {
    const o = dict.reset({ seed }).obs as ObservationDict;
    const [x, y, z, qw, qx, qy, qz] = o['charger_pose']!;
    assert.ok(x! >= -0.1 && x! <= -0.026 && y! >= -0.2 && y! <= 0.2 && Math.abs(z! - 0.012) < 1e-3, `charger at ${x}, ${y}, ${z}`);
    const yaw = yawOf(qw!, qx!, qy!, qz!);
    assert.ok(Math.abs(yaw) <= Math.PI / 3 + 1e-4, `charger yaw ${yaw}`);
    const [rx, ry, rz, rw, rqx, rqy, rqz] = o['receptacle_pose']!;
    assert.ok(rx! >= 0.01 && rx! <= 0.1 && ry! >= -0.1 && ry! <= 0.1 && Math.abs(rz! - 0.1) < 1e-6, `receptacle at ${rx}, ${ry}, ${rz}`);
    const ryaw = yawOf(rw!, rqx!, rqy!, rqz!);
    assert.ok(Math.abs(wrap(ryaw - Math.PI)) <= Math.PI / 8 + 1e-4, `receptacle yaw ${ryaw}`);
    const [gx, gy, gz, gw, gqx, gqy, gqz] = o['goal_pose']!;
    assert.ok(Math.hypot(gx! - rx!, gy! - ry!, gz! - rz!) < 1e-6, 'the goal is at the receptacle');
    assert.ok(Math.abs(wrap(yawOf(gw!, gqx!, gqy!, gqz!) - ryaw - Math.PI)) < 1e-4, 'the goal faces the receptacle');
    chargerYaws.push(yaw);
    receptacleYaws.push(wrap(ryaw - Math.PI));
    chargerXs.push(x!);
    receptacleYs.push(ry!);
  });
  assert.ok(Math.min(...chargerYaws) < -0.9 && Math.max(...chargerYaws) > 0.9, 'the charger yaw range is used');
  assert.ok(Math.min(...receptacleYaws) < -0.3 && Math.max(...receptacleYaws) > 0.3, 'the receptacle yaw range is used');
  assert.ok(Math.min(...chargerXs) < -0.09 && Math.max(...chargerXs) > -0.035, 'the charger x range is used');
  assert.ok(Math.min(...receptacleYs) < -0.08 && Math.max(...receptacleYs) > 0.08, 'the receptacle y range is used');
});

/** Place the charger at the goal, moved `back` along the goal's axis and `side` across it, turned `turn` about z. */
function chargerAt(seed: number, back: number, side: number, turn: number): PlugChargerInfo {
  using env = makeSimEnv(TASK, { obsMode: 'state_dict' });
  const o = env.reset({ seed }).obs as ObservationDict;
  return evaluateArranged(env as unknown as SimEnv<PlugChargerInfo>, seed, (scene) => {
    const [gx, gy, gz, qw, qx, qy, qz] = o['goal_pose']!;
    const yaw = yawOf(qw!, qx!, qy!, qz!);
    const c = { x: Math.cos(yaw), y: Math.sin(yaw) };
    scene.body('charger').setTranslation({ x: gx! - c.x * back - c.y * side, y: gy! - c.y * back + c.x * side, z: gz! }, true);
    const a = yaw + turn;
    scene.body('charger').setRotation({ w: Math.cos(a / 2), x: 0, y: 0, z: Math.sin(a / 2) }, true);
  });
}

test('success: the charger within 5 mm of the goal and 0.2 rad of its orientation', () => {
  const seed = 3;
  assert.equal(chargerAt(seed, 0, 0, 0).success, true);
  assert.equal(chargerAt(seed, 0.0049, 0, 0).success, true);
  assert.equal(chargerAt(seed, 0.0051, 0, 0).success, false);
  assert.equal(chargerAt(seed, 0, 0.0049, 0).success, true);
  assert.equal(chargerAt(seed, 0, -0.0051, 0).success, false);
  assert.equal(chargerAt(seed, 0, 0, 0.19).success, true);
  assert.equal(chargerAt(seed, 0, 0, -0.21).success, false);
  const info = chargerAt(seed, 0.003, 0, 0.1);
  assert.ok(Math.abs(info.obj_to_goal_dist - 0.003) < 1e-5 && Math.abs(info.obj_to_goal_angle - 0.1) < 1e-4, `${info.obj_to_goal_dist}, ${info.obj_to_goal_angle}`);
});

test('dense reward within [0, 1], 1 on success (ManiSkill pays none), normalized = dense / 1', async () => {
  await assertDenseRewardBounded(TASK, [0, 1, 2]);
});

test('the scripted expert solves PlugCharger-v1 on at least 18 of 20 seeds', async () => {
  await assertExpertSolves(TASK, 18);
});
