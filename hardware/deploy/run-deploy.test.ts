import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelPath } from '../../test/policies/fixtures.js';
import { MemorySink } from '../../test/hardware/memory-sink.js';
import { startTwin, twinDriver } from '../../test/hardware/twin-fixtures.js';
import { PoseRegionDetector } from '../detectors/pose-region-detector.js';
import { SerlReset } from '../resets/serl-reset.js';
import { SimDriver } from '../sim/sim-driver.js';
import { TaskDetector } from '../detectors/task-detector.js';
import { loadPolicy } from './load-policy.js';
import { runDeploy } from './run-deploy.js';

test('deploy: the BC fixture against the twin over rosbridge completes episodes, retries failures and records them', async () => {
  await using twin = await startTwin(50);
  await using driver = twinDriver(twin.url, 50);
  await driver.connect();
  await using loaded = await loadPolicy(modelPath('bc-mlp'));
  const sink = new MemorySink();
  const report = await runDeploy(driver, loaded.policy, {
    episodes: 2,
    maxSteps: 8,
    seed: 3,
    retries: 1,
    realTime: true,
    layout: loaded.layout,
    detector: new PoseRegionDetector({ kind: 'pose', point: 'obj_pose', around: { key: 'goal_pos', halfExtent: 0.025 } }),
    reset: new SerlReset({ kind: 'serl', fullResetEvery: 1, tolerance: 0.02 }),
    sink,
  });
  assert.deepEqual(report.errors, []);
  assert.equal(report.episodes.length, 2);
  const attempts = report.episodes.reduce((s, e) => s + e.attempts, 0);
  assert.equal(sink.episodes.length, attempts, 'every attempt recorded');
  for (const e of report.episodes) assert.ok(e.success || e.attempts === 2, 'a failed episode was retried once');
  for (const ep of sink.episodes) {
    const last = ep.steps[ep.steps.length - 1]!;
    assert.ok(ep.success || ep.steps.length === 8);
    assert.equal(last.done, true);
    assert.equal(ep.steps[0]!.action.length, 7);
    assert.equal(ep.steps[0]!.obs['qpos']!.length, 9);
    assert.ok(ep.steps.every((s) => s.intervention === false && s.action.every(Number.isFinite)));
  }
  assert.ok(report.timing.ticks > 10);
  assert.equal(twin.audit!.violationCount, 0, twin.audit!.violations.join('\n'));
});

test('deploy: the same loop on the simulated arm, with the task as detector', async () => {
  await using driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_ee_delta_pose' });
  await driver.connect();
  await using loaded = await loadPolicy(modelPath('bc-mlp'));
  const sink = new MemorySink();
  const report = await runDeploy(driver, loaded.policy, {
    episodes: 2, maxSteps: 10, seed: 0, realTime: false, layout: loaded.layout, detector: new TaskDetector(), reset: new SerlReset({ kind: 'serl', fullResetEvery: 1 }), sink,
  });
  assert.deepEqual(report.errors, []);
  assert.equal(sink.episodes.length, 2);
  assert.deepEqual(sink.episodes.map((e) => e.meta.seed), [0, 1]);
});

test('deploy: a human override replaces the policy and is recorded with the intervention flag', async () => {
  await using driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_ee_delta_pose' });
  await driver.connect();
  await using loaded = await loadPolicy(modelPath('bc-mlp'));
  const sink = new MemorySink();
  let step = 0;
  const teleop = {
    get engaged() {
      return step >= 3 && step < 6;
    },
    nextAction: (target: Float32Array) => target.fill(0).fill(1, 6, 7),
  };
  const report = await runDeploy(driver, { reset: () => loaded.policy.reset(1), act: (o, n) => (step++, loaded.policy.act(o, n)) }, {
    episodes: 1, maxSteps: 10, seed: 0, realTime: false, layout: loaded.layout, detector: new TaskDetector(), reset: new SerlReset({ kind: 'serl', fullResetEvery: 1 }), sink,
    teleop: { get engaged() { const e = teleop.engaged; if (e) step++; return e; }, nextAction: teleop.nextAction },
  });
  assert.deepEqual(report.errors, []);
  const flags = sink.episodes[0]!.steps.map((s) => s.intervention);
  assert.deepEqual(flags, [false, false, false, true, true, true, false, false, false, false]);
  assert.equal(report.episodes[0]!.interventions, 3);
  assert.ok(Math.abs(sink.episodes[0]!.steps[3]!.action[6]! - 1) < 1e-6, 'the human action is what was recorded');
});
