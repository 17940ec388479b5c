import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemorySink } from '../test/hardware/memory-sink.js';
import { runRobot } from '../test/hardware/run-robot.js';
import { startTwin, twinDriver } from '../test/hardware/twin-fixtures.js';
import { PoseRegionDetector } from './detectors/pose-region-detector.js';
import { TaskDetector } from './detectors/task-detector.js';
import { SerlReset } from './resets/serl-reset.js';
import { TaskReset } from './resets/task-reset.js';
import { SimDriver } from './sim/sim-driver.js';

test('robot env: the BC fixture against the twin over rosbridge completes episodes, retries failures and records them', async () => {
  await using twin = await startTwin(50);
  await using driver = twinDriver(twin.url, 50);
  await driver.connect();
  const sink = new MemorySink();
  const report = await runRobot(driver, {
    episodes: 2,
    maxSteps: 8,
    seed: 3,
    retries: 1,
    realTime: true,
    detector: new PoseRegionDetector({ kind: 'pose', point: 'obj_pose', around: { key: 'goal_pos', halfExtent: 0.025 } }),
    reset: new SerlReset({ kind: 'serl', fullResetEvery: 1, tolerance: 0.02 }),
    sink,
  });
  assert.equal(report.stoppedBy, null);
  assert.equal(report.episodes.length, 2);
  const attempts = report.episodes.reduce((s, e) => s + e.attempts, 0);
  assert.equal(sink.episodes.length, attempts, 'every attempt recorded');
  for (const e of report.episodes) assert.ok(e.successOnce || e.attempts === 2, 'a failed episode was retried once');
  for (const ep of sink.episodes) {
    const last = ep.steps[ep.steps.length - 1]!;
    assert.ok(ep.success || ep.steps.length === 8);
    assert.equal(last.done, true);
    assert.equal(ep.steps[0]!.action.length, 7);
    assert.equal(ep.steps[0]!.obs['qpos']!.length, 9);
    assert.ok(ep.steps.every((s) => s.intervention === false && s.action.every(Number.isFinite)));
  }
  assert.ok(report.env.rateKeeper.jitter().length > 10);
  assert.equal(twin.audit!.violationCount, 0, twin.audit!.violations.join('\n'));
});

test('robot env: the same loop on the simulated arm, with the task as detector and its own reset', async () => {
  await using driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_ee_delta_pose' });
  await driver.connect();
  const sink = new MemorySink();
  const report = await runRobot(driver, { episodes: 2, maxSteps: 10, seed: 0, realTime: false, detector: new TaskDetector(), reset: new TaskReset(), sink });
  assert.equal(report.stoppedBy, null);
  assert.equal(sink.episodes.length, 2);
  assert.deepEqual(sink.episodes.map((e) => e.meta.seed), [0, 1]);
  assert.ok(sink.episodes[0]!.steps[0]!.state!.length > 0, 'a simulated robot records its physical state');
});

test('robot env: a human override replaces the policy and is recorded with the intervention flag', async () => {
  await using driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_ee_delta_pose' });
  await driver.connect();
  const sink = new MemorySink();
  let step = 0;
  const report = await runRobot(driver, {
    episodes: 1, maxSteps: 10, seed: 0, realTime: false, detector: new TaskDetector(), reset: new TaskReset(), sink,
    teleop: {
      get engaged() {
        return step++ >= 3 && step <= 6;
      },
      nextAction: (target: Float32Array) => target.fill(0).fill(1, 6, 7),
    },
  });
  assert.equal(report.stoppedBy, null);
  const flags = sink.episodes[0]!.steps.map((s) => s.intervention);
  assert.deepEqual(flags, [false, false, false, true, true, true, false, false, false, false]);
  assert.equal(report.episodes[0]!.interventions, 3);
  assert.ok(Math.abs(sink.episodes[0]!.steps[3]!.action[6]! - 1) < 1e-6, 'the human action is what was recorded');
});
