import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelPath } from '../../test/policies/fixtures.js';
import { ManualKeySource } from '../input/key-source.js';
import type { RobotDriver } from '../robot-driver.js';
import { SimDriver } from '../sim/sim-driver.js';
import { RobotEnv } from '../robot-env.js';
import { TaskReset } from '../resets/task-reset.js';
import { TaskDetector } from './task-detector.js';
import { buildDetector } from './build-detector.js';
import { ClassifierDetector } from './classifier-detector.js';
import type { DetectorInput } from './detector.js';
import { ConfigError } from '../hardware-errors.js';

async function simInput(): Promise<{ driver: RobotDriver; input: DetectorInput; views: Map<string, Float32Array> }> {
  const driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_ee_delta_pose' });
  await driver.connect();
  // The robot env's observation keys are what detectors read.
  const env = new RobotEnv(driver, { task: driver.sim.task, reset: new TaskReset(), detector: new TaskDetector(), realTime: false });
  await env.reset({ seed: 0 });
  const observation = driver.getObservation();
  const views = new Map<string, Float32Array>([...env.views].map(([k, v]) => [k, v.slice()]));
  return { driver, input: { observation, views, driver, task: { info: { success: false }, reward: 0 } }, views };
}

test('pose detector: TCP or object inside a fixed box or around another key', async () => {
  const { driver, input, views } = await simInput();
  const tcp = input.observation.tcp.p;
  const inBox = await buildDetector({ kind: 'pose', point: 'tcp', box: { low: { x: tcp.x - 0.01, y: tcp.y - 0.01, z: tcp.z - 0.01 }, high: { x: tcp.x + 0.01, y: tcp.y + 0.01, z: tcp.z + 0.01 } } }, 'd', { keys: null });
  assert.equal((await inBox.detect(input)).success, true);
  const obj = views.get('obj_pose')!;
  views.set('goal_pos', Float32Array.of(obj[0]! + 0.01, obj[1]!, obj[2]!));
  const around = await buildDetector({ kind: 'pose', point: 'obj_pose', around: { key: 'goal_pos', halfExtent: 0.025 } }, 'd', { keys: null });
  assert.deepEqual(await around.detect(input), { success: true, reward: 1, confidence: 1 });
  views.set('goal_pos', Float32Array.of(obj[0]! + 0.1, obj[1]!, obj[2]!));
  assert.equal((await around.detect(input)).success, false);
  await driver.disconnect();
});

test('classifier detector: the reward-classifier fixture, sigmoid threshold held for k frames', async () => {
  const { driver, input } = await simInput();
  const layout = ['qpos', 'qvel', 'is_grasped', 'tcp_pose', 'goal_pos', 'obj_pose', 'tcp_to_obj_pos', 'obj_to_goal_pos'];
  const o = input.observation;
  const views = new Map(input.views);
  views.set('qpos', Float32Array.from([...o.armQ, ...o.gripperQ]));
  views.set('qvel', Float32Array.from([...o.armQd, ...o.gripperQd]));
  views.set('tcp_pose', Float32Array.of(o.tcp.p.x, o.tcp.p.y, o.tcp.p.z, o.tcp.q.w, o.tcp.q.x, o.tcp.q.y, o.tcp.q.z));
  const low = await ClassifierDetector.load({ kind: 'classifier', model: modelPath('reward-classifier'), threshold: 0.01, frames: 3 });
  assert.deepEqual(low.keys, layout);
  const inp = { ...input, views };
  const first = await low.detect(inp);
  assert.ok(first.confidence > 0 && first.confidence < 1);
  assert.equal(first.success, false, 'one frame is not enough');
  await low.detect(inp);
  assert.equal((await low.detect(inp)).success, true, 'three frames above 0.01');
  low.reset();
  assert.equal((await low.detect(inp)).success, false, 'reset clears the streak');
  const strict = await ClassifierDetector.load({ kind: 'classifier', model: modelPath('reward-classifier'), threshold: 0.999999, frames: 1 });
  assert.equal((await strict.detect(inp)).success, false);
  await assert.rejects(ClassifierDetector.load({ kind: 'classifier', model: modelPath('bc-mlp') }), /reward-classifier/);
  await low.dispose();
  await strict.dispose();
  await driver.disconnect();
});

test('human key, all/any combinations, and config errors naming the field', async () => {
  const { driver, input } = await simInput();
  const keys = new ManualKeySource();
  const any = await buildDetector({ kind: 'any', of: [{ kind: 'key' }, { kind: 'task' }] }, 'robot.detector', { keys });
  const all = await buildDetector({ kind: 'all', of: [{ kind: 'key' }, { kind: 'pose', point: 'tcp', box: { low: { x: -9, y: -9, z: -9 }, high: { x: 9, y: 9, z: 9 } } }] }, 'robot.detector', { keys });
  assert.equal((await any.detect(input)).success, false);
  keys.press('s');
  assert.equal((await any.detect(input)).success, true);
  assert.equal((await all.detect(input)).success, true);
  any.reset();
  assert.equal((await any.detect(input)).success, false);
  await assert.rejects(buildDetector({ kind: 'pose', point: 'tcp' }, 'robot.detector', { keys }), (e: unknown) => e instanceof ConfigError && /^robot\.detector: expected exactly one of "box" and "around", found neither/.test(e.message));
  await assert.rejects(buildDetector({ kind: 'magic' }, 'robot.detector', { keys }), /robot\.detector\.kind: expected one of pose, classifier, key, task, all, any/);
  await assert.rejects(buildDetector({ kind: 'classifier', model: 'x.onnx', threshold: 2 }, 'robot.detector', { keys }), /robot\.detector\.threshold: expected a number in \(0, 1\), found 2/);
  await driver.disconnect();
});
