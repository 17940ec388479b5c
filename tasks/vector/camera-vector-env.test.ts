import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../errors.js';
import { composePose, pose } from '../../math/pose.js';
import { cameraPose } from '../../render/camera-config.js';
import { sceneShapes } from '../../render/scene-shapes.js';
import { SimError } from '../../sim/sim-errors.js';
import { lookAtCamera } from '../../render/camera-config.js';
import { makeEnv } from '../make-env.js';
import { PANDA_HAND_CAMERA, taskCameras } from '../task-cameras.js';
import { CameraVectorEnv } from './camera-vector-env.js';
import { cameraImageKey } from '../../render/camera-config.js';
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

test('segmentation mode renders ids only; unknown modes and cameras on links the robot lacks are refused', async () => {
  await using vec = await CameraVectorEnv.open('PickCube-v1', 1, { obsMode: 'segmentation' });
  await vec.reset([0]);
  const im = vec.sensorData['base_camera']!;
  assert.equal(im.rgb, null);
  assert.equal(im.depth, null);
  assert.ok(new Set(im.segmentation).size >= 3, 'background, table, cube and arm links are told apart');
  await assert.rejects(CameraVectorEnv.open('PickCube-v1', 1, { obsMode: 'rgba' as 'rgb' }), InvalidArgumentError);
  const nowhere = { ...lookAtCamera('hand_camera', { x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 }, 64, 64, 1), mount: 'panda_elbow' };
  await assert.rejects(CameraVectorEnv.open('PickCube-v1', 1, { obsMode: 'rgb', cameras: [nowhere] }), (e: unknown) => e instanceof SimError && /no link "panda_elbow"; its chain has .*panda_hand/.test(e.message));
  assert.throws(() => makeEnv('PickCube-v1', { obsMode: 'rgb' as 'state' }), /CameraVectorEnv/);
});

test("ManiSkill's Panda wrist camera rides on panda_hand: it sees the cube and the fingers, and its view follows the arm", async () => {
  await using vec = await CameraVectorEnv.open('PickCube-v1', 1, { controlMode: 'pd_ee_delta_pose', obsMode: 'segmentation', cameras: [PANDA_HAND_CAMERA] });
  await vec.reset([0]);
  const ids = (): Set<number> => new Set(vec.sensorData['hand_camera']!.segmentation);
  const seen = ids();
  const env = vec.envs[0]!;
  // Body ids: SceneShapes.bodies order + 1; the cube is a dynamic object, the fingers robot links.
  const bodies = sceneShapes(env.physics.scene).bodies;
  const cube = bodies.indexOf('cube') + 1;
  assert.ok(cube > 0, `bodies: ${bodies.join(', ')}`);
  assert.ok(seen.has(cube), 'the cube is in view from the rest pose');
  assert.ok([...seen].some((id) => id > 0 && bodies[id - 1]!.startsWith('robot/')), 'the fingers are in view');
  // Its pose is panda_hand's composed with the placement, moved by the arm.
  const expected = composePose(env.physics.scene.arm.linkPose('panda_hand'), cameraPose(PANDA_HAND_CAMERA, pose()));
  const before = Buffer.from(vec.sensorData['hand_camera']!.segmentation!.buffer.slice(0));
  const a = new Float32Array(vec.actionSpace.size);
  a[0] = 1;
  for (let i = 0; i < 3; i++) await vec.step(a);
  const moved = composePose(env.physics.scene.arm.linkPose('panda_hand'), cameraPose(PANDA_HAND_CAMERA, pose()));
  assert.ok(Math.hypot(moved.p.x - expected.p.x, moved.p.y - expected.p.y) > 0.05, 'the hand moved');
  assert.notDeepEqual(Buffer.from(vec.sensorData['hand_camera']!.segmentation!.buffer.slice(0)), before, 'and the view with it');
});

test('images in the observation: each env frame is its state then every camera image channels first, the bytes of sensor_data', async () => {
  await using vec = await CameraVectorEnv.open('PushCube-v1', 2, { controlMode: 'pd_ee_delta_pose', obsMode: 'rgb', imagesInObservation: true });
  using plain = new SyncVectorEnv(Array.from({ length: 2 }, () => makeEnv('PushCube-v1', { controlMode: 'pd_ee_delta_pose' })));
  const cam = taskCameras('PushCube-v1')[0]!;
  const field = vec.observationSpace.field(cameraImageKey(cam.uid));
  const s = plain.observationSpace.size;
  const hw = cam.width * cam.height;
  assert.deepEqual(field, { key: `${cam.uid}_image`, offset: s, size: 3 * hw });
  assert.equal(vec.observationSpace.size, s + 3 * hw);
  const check = (obs: Float32Array, state: Float32Array) => {
    const f = vec.observationSpace.size;
    const rgb = vec.sensorData[cam.uid]!.rgb!;
    for (let e = 0; e < 2; e++) {
      assert.deepEqual(obs.subarray(e * f, e * f + s), state.subarray(e * s, (e + 1) * s));
      for (const p of [0, 517, hw - 1]) {
        for (let c = 0; c < 3; c++) assert.equal(obs[e * f + s + c * hw + p], rgb[e * hw * 3 + 3 * p + c], `env ${e} pixel ${p} channel ${c}`);
      }
    }
  };
  check(await vec.reset([3, 4]), plain.reset([3, 4]) as Float32Array);
  const a = new Float32Array(2 * vec.actionSpace.size).fill(0.3);
  const r = await vec.step(a);
  check(r.obs, (plain.step(a) as { obs: Float32Array }).obs);
  await assert.rejects(CameraVectorEnv.open('PushCube-v1', 1, { controlMode: 'pd_ee_delta_pose', obsMode: 'depth', imagesInObservation: true }), /images in the observation need an rgb observation mode; depth renders no colour/);
});
