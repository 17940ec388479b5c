import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../errors.js';
import { lookAtCamera } from '../../render/camera-config.js';
import { makeEnv } from '../make-env.js';
import { taskCameras } from '../task-cameras.js';
import { CameraVectorEnv } from './camera-vector-env.js';
import { SyncVectorEnv } from './sync-vector-env.js';

test('PickCube-v1 in rgbd: sensor_data per env in ManiSkill layout, same seed same bytes, state as in state mode', async () => {
  await using vec = await CameraVectorEnv.open('PickCube-v1', 3, { controlMode: 'pd_ee_delta_pose', obsMode: 'rgbd' });
  using plain = new SyncVectorEnv(Array.from({ length: 3 }, () => makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' })));
  const seeds = [5, 5, 6];
  const obs = Float32Array.from(await vec.reset(seeds));
  assert.deepEqual(obs, plain.reset(seeds), 'rendering leaves the state observation as it is');
  const cam = taskCameras('PickCube-v1')[0]!;
  assert.equal(cam.uid, 'base_camera');
  const im = vec.sensorData['base_camera']!;
  const px = cam.width * cam.height;
  assert.equal(im.rgb!.length, 3 * px * 3);
  assert.equal(im.depth!.length, 3 * px);
  assert.equal(im.segmentation, null, 'rgbd renders no segmentation');
  const rgb = (e: number) => Buffer.from(im.rgb!.subarray(e * 3 * px, (e + 1) * 3 * px));
  const depth = (e: number) => Buffer.from(im.depth!.buffer, im.depth!.byteOffset + e * 2 * px, 2 * px);
  assert.deepEqual(rgb(0), rgb(1), 'same seed, same rgb bytes');
  assert.deepEqual(depth(0), depth(1), 'same seed, same depth bytes');
  assert.notDeepEqual(rgb(0), rgb(2), 'another seed, another image');
  // Depth in millimetres: the table's nearest point is ~0.45 m off, nothing beyond a few metres.
  const d = Array.from(im.depth!.subarray(0, px));
  assert.ok(Math.min(...d.filter((x) => x > 0)) > 200 && Math.max(...d) < 3000, `depth range ${Math.min(...d)}..${Math.max(...d)} mm`);
  const a = new Float32Array(3 * vec.actionSpace.size);
  // Every TCP up: the images change, identically for the two envs of one seed.
  for (let e = 0; e < 3; e++) a[e * vec.actionSpace.size + 2] = 1;
  const before = rgb(0);
  const r = await vec.step(a);
  const p = plain.step(a) as { obs: Float32Array };
  assert.deepEqual(Float32Array.from(r.obs), p.obs);
  assert.notDeepEqual(rgb(0), before);
  assert.deepEqual(rgb(0), rgb(1));
});

test('segmentation mode renders ids only; unknown modes and mounted cameras are refused', async () => {
  await using vec = await CameraVectorEnv.open('PickCube-v1', 1, { obsMode: 'segmentation' });
  await vec.reset([0]);
  const im = vec.sensorData['base_camera']!;
  assert.equal(im.rgb, null);
  assert.equal(im.depth, null);
  assert.ok(new Set(im.segmentation).size >= 3, 'background, table, cube and arm links are told apart');
  await assert.rejects(CameraVectorEnv.open('PickCube-v1', 1, { obsMode: 'rgba' as 'rgb' }), InvalidArgumentError);
  const hand = { ...lookAtCamera('hand_camera', { x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 }, 64, 64, 1), mount: 'panda_hand' };
  await assert.rejects(CameraVectorEnv.open('PickCube-v1', 1, { obsMode: 'rgb', cameras: [hand] }), /mounted cameras are not rendered yet/);
  assert.throws(() => makeEnv('PickCube-v1', { obsMode: 'rgb' as 'state' }), /CameraVectorEnv/);
});
