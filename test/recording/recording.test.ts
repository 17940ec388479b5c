import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { envArgsFor } from '../../recording/env-args.js';
import { recordEpisodes } from './record-episodes.js';
import { replayDemo } from '../../recording/replay-demo.js';
import { RecordingError } from '../../recording/recording-error.js';
import { makeEnv } from '../../tasks/make-env.js';
import { PickCubeExpert } from '../../policies/scripted/pick-cube-expert.js';

const dir = mkdtempSync(join(tmpdir(), 'armkit-rec-'));

async function record(file: string, episodes: number, noise = 0) {
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  const writer = Hdf5DemoWriter.create(file, envArgsFor(env.spec), { overwrite: true });
  const r = await recordEpisodes(env, new PickCubeExpert(env.observationSpace), writer, { episodes, seed: 100, noise });
  await writer.close();
  return r;
}

test('recorded demos replay bitwise, and a tampered action is caught at the right step', async () => {
  const file = join(dir, 'replay.hdf5');
  await record(file, 3, 0.05);
  using reader = new Hdf5DemoReader(file);
  assert.deepEqual(reader.demoNames, ['demo_0', 'demo_1', 'demo_2']);
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  for (const name of reader.demoNames) {
    const r = replayDemo(env, reader.demo(name));
    assert.equal(r.divergence, null, `${name} diverged: ${JSON.stringify(r.divergence)}`);
  }
  const demo = reader.demo(1);
  const t = 7;
  demo.actions[t * demo.actionDim + 2] = demo.actions[t * demo.actionDim + 2]! + 0.01;
  const tampered = replayDemo(env, demo);
  assert.ok(tampered.divergence, 'tampering went unnoticed');
  assert.equal(tampered.divergence.step, t + 1);
});

test('a recorder killed with SIGKILL mid-episode leaves a readable file with every finished episode intact', async () => {
  const file = join(dir, 'killed.hdf5');
  const child = spawn(process.execPath, [fileURLToPath(new URL('./record-child.js', import.meta.url)), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let committed = 0;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString().matchAll(/committed (\d+)/g)) committed = Number(m[1]);
      // Kill a few steps into the episode after the third commit.
      if (committed >= 3) setTimeout(() => child.kill('SIGKILL'), 40);
    });
    child.on('exit', () => resolve());
    child.on('error', reject);
  });
  assert.ok(committed >= 3, `child committed ${committed} episodes`);
  using reader = new Hdf5DemoReader(file);
  assert.ok(reader.demoNames.length >= 3 && reader.demoNames.length <= committed + 1, `found ${reader.demoNames.length} demos after ${committed} commits`);
  assert.equal(reader.masks(), null, 'masks are written only by a clean close');
  using env = makeEnv('PickCube-v1', { controlMode: 'pd_ee_delta_pose' });
  let steps = 0;
  for (const name of reader.demoNames) {
    const demo = reader.demo(name);
    assert.equal(demo.actions.length, demo.numSamples * demo.actionDim);
    assert.equal(replayDemo(env, demo).divergence, null, `${name} is not intact`);
    steps += demo.numSamples;
  }
  assert.equal(reader.total, steps);
});

test('the writer refuses non-finite actions, mismatched lengths and misuse, keeping what was committed', async () => {
  const file = join(dir, 'bad.hdf5');
  using env = makeEnv('PickCube-v1');
  const writer = Hdf5DemoWriter.create(file, envArgsFor(env.spec), { overwrite: true });
  assert.throws(() => Hdf5DemoWriter.create(file, envArgsFor(env.spec)), (e: Error) => e instanceof RecordingError && /exists/.test(e.message));
  const obs = { qpos: new Float32Array(9) };
  writer.beginEpisode({ seed: 1 });
  writer.addStep({ obs, nextObs: obs, action: new Float32Array(8), reward: 0, done: true, state: new Float64Array(3) });
  await writer.endEpisode({ success: false });
  writer.beginEpisode({ seed: 2 });
  writer.addStep({ obs, nextObs: obs, action: new Float32Array(8), reward: 0, done: false, state: new Float64Array(3) });
  assert.throws(() => writer.addStep({ obs, nextObs: obs, action: Float32Array.of(0, NaN, 0, 0, 0, 0, 0, 0), reward: 0, done: false }), /action\[1\] is NaN/);
  assert.throws(() => writer.addStep({ obs, nextObs: obs, action: new Float32Array(3), reward: 0, done: false }), /action of 3 entries, the episode's first had 8/);
  assert.throws(() => writer.beginEpisode({ seed: 3 }), /neither ended nor discarded/);
  writer.discardEpisode();
  await writer.close();
  using reader = new Hdf5DemoReader(file);
  assert.deepEqual(reader.demoNames, ['demo_0']);
  assert.equal(reader.demo(0).seed, 1);
});
