import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { McapIndexedReader } from '@mcap/core';
import { RecordingError } from '../../recording/recording-error.js';
import { Hdf5DemoReader } from '../../recording/hdf5-demo-reader.js';
import { importRunLog, readRunLog } from '../../recording/mcap-import.js';
import { RUN_LOG_TOPICS } from '../../recording/mcap-run-log.js';
import { assetPath } from '../../robot/asset-path.js';
import { modelPath } from '../policies/fixtures.js';
import { startTwin } from '../hardware/twin-fixtures.js';

const EPISODES = 3;
const MAX_STEPS = 10;

function armkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [assetPath('bin/armkit.js'), ...args], (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

test('armkit deploy --log on the twin: an MCAP log whose channels, schemas and message counts match the run, imported back into the recorded demos', { timeout: 120_000 }, async () => {
  await using twin = await startTwin(20);
  const dir = mkdtempSync(join(tmpdir(), 'armkit-mcap-'));
  const config = JSON.parse(readFileSync(assetPath('hardware/examples/twin-pickcube.json'), 'utf8')) as Record<string, unknown>;
  delete config['$schema'];
  config['url'] = twin.url;
  // A loaded machine can starve the twin's stream past 100 ms; a stale-state hold would void an
  // episode and leave deploy waiting for a re-arm. What is tested here is the log, not the watchdog.
  config['safety'] = { ...(config['safety'] as Record<string, unknown>), maxStateAgeMs: 2000 };
  writeFileSync(join(dir, 'robot.json'), JSON.stringify(config));
  const log = join(dir, 'run.mcap');
  const record = join(dir, 'run.hdf5');
  const r = await armkit('deploy', '--robot', join(dir, 'robot.json'), '--policy', modelPath('bc-mlp'), '--episodes', String(EPISODES), '--max-steps', String(MAX_STEPS), '--log', log, '--record', record, '--no-keys');
  assert.equal(r.code, 0, r.stderr);

  // @mcap/core's indexed reader needs the summary a finished run writes.
  const bytes = readFileSync(log);
  const reader = await McapIndexedReader.Initialize({ readable: { size: async () => BigInt(bytes.byteLength), read: async (offset, size) => bytes.subarray(Number(offset), Number(offset + size)) } });
  const topics = new Map([...reader.channelsById.values()].map((c) => [c.topic, c]));
  assert.deepEqual([...topics.keys()].sort(), Object.values(RUN_LOG_TOPICS).sort());
  for (const c of topics.values()) {
    assert.equal(c.messageEncoding, 'json');
    assert.equal(reader.schemasById.get(c.schemaId)!.encoding, 'jsonschema');
  }
  assert.equal(reader.schemasById.get(topics.get(RUN_LOG_TOPICS.tcpPose)!.schemaId)!.name, 'foxglove.PoseInFrame');
  const counts = new Map<string, number>();
  const holds: string[] = [];
  for await (const m of reader.readMessages()) {
    const topic = reader.channelsById.get(m.channelId)!.topic;
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
    if (topic === RUN_LOG_TOPICS.safety) holds.push((JSON.parse(new TextDecoder().decode(m.data)) as { status: string }).status);
  }
  using demos = new Hdf5DemoReader(record);
  const steps = demos.demoNames.map((n) => demos.demo(n).numSamples).reduce((a, b) => a + b, 0);
  assert.equal(demos.demoNames.length, EPISODES);
  assert.equal(counts.get(RUN_LOG_TOPICS.episode), 2 * EPISODES, 'a start and an end per episode');
  for (const topic of [RUN_LOG_TOPICS.jointStates, RUN_LOG_TOPICS.tcpPose, RUN_LOG_TOPICS.command, RUN_LOG_TOPICS.detector]) assert.equal(counts.get(topic), steps, topic);
  assert.equal(counts.get(RUN_LOG_TOPICS.observation), steps + EPISODES, 'the first observation of each episode, then one per step');
  assert.equal(counts.get(RUN_LOG_TOPICS.safety) ?? 0, holds.length);
  assert.equal(counts.get(RUN_LOG_TOPICS.intervention) ?? 0, 0, 'no human drove');
  const meta = readRunLog(log);
  assert.ok(meta.complete);
  assert.equal(meta.task, 'PickCube-v1');

  // The import gives back the recorded demonstrations' observations, actions and rewards bit for bit.
  const imported = join(dir, 'imported.hdf5');
  const i = await armkit('dataset', 'import', log, '--out', imported);
  assert.equal(i.code, 0, i.stderr);
  using back = new Hdf5DemoReader(imported);
  assert.deepEqual(back.demoNames, demos.demoNames);
  for (const name of demos.demoNames) {
    const a = demos.demo(name);
    const b = back.demo(name);
    assert.deepEqual(Buffer.from(b.actions.buffer), Buffer.from(a.actions.buffer), `${name}: actions`);
    assert.deepEqual(b.rewards, a.rewards, `${name}: rewards`);
    assert.equal(b.success, a.success);
    for (const key of demos.obsKeys(name)) {
      for (const next of [false, true]) {
        assert.deepEqual(Buffer.from(back.observation(name, key, next)!.rows.buffer), Buffer.from(demos.observation(name, key, next)!.rows.buffer), `${name}: ${next ? 'next_obs' : 'obs'}/${key}`);
      }
    }
  }

  // A run killed mid-episode leaves a log without its summary and a chunk cut short: the
  // episodes before the cut are still read, the cut one is left out.
  const cut = join(dir, 'cut.mcap');
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.byteLength * 0.7)));
  const partial = readRunLog(cut);
  assert.equal(partial.complete, false);
  const out = await importRunLog(cut, join(dir, 'cut.hdf5'));
  assert.ok(out.episodes >= 1 && out.episodes < EPISODES, `episodes before the cut: ${out.episodes}`);
  assert.ok(out.skipped <= 1);
});

test('a file that is not an MCAP run log is refused naming what was expected', () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-mcap-bad-'));
  const f = join(dir, 'x.mcap');
  writeFileSync(f, 'not mcap at all');
  assert.throws(() => readRunLog(f), (e: unknown) => e instanceof RecordingError && /expected an MCAP file/.test(e.message));
});
