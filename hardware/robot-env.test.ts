import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemorySink } from '../test/hardware/memory-sink.js';
import { runRobot } from '../test/hardware/run-robot.js';
import { startTwin, twinDriver } from '../test/hardware/twin-fixtures.js';
import { PoseRegionDetector } from './detectors/pose-region-detector.js';
import { TaskDetector } from './detectors/task-detector.js';
import { SerlReset } from './resets/serl-reset.js';
import { TaskReset } from './resets/task-reset.js';
import type { EpisodeReset, ResetContext } from './resets/episode-reset.js';
import { ResetError } from './hardware-errors.js';
import { SimDriver } from './sim/sim-driver.js';
import { SAFETY_DEFAULTS } from './safety/safety-config.js';

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

test('robot env: an e-stop mid-episode voids the attempt (its recording dropped); after clear and re-arm the episode is redone', async () => {
  await using driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_ee_delta_pose' });
  await driver.connect();
  const sink = new MemorySink();
  let acts = 0;
  let rearms = 0;
  const report = await runRobot(driver, {
    episodes: 1, maxSteps: 6, seed: 0, realTime: false, detector: new TaskDetector(), reset: new TaskReset(), sink,
    wrap: (p) => ({ ...p, act: (o, n, t) => (++acts === 3 && driver.estop.trigger('api', 'test'), p.act(o, n, t)) }),
    onInterrupt: async () => {
      driver.estop.clear();
      driver.rearm();
      rearms++;
      return true;
    },
  });
  assert.equal(report.interruptions, 1);
  assert.equal(rearms, 1);
  assert.equal(report.stoppedBy, null);
  assert.equal(sink.episodes.length, 1, 'only the redone episode is recorded');
  assert.equal(sink.episodes[0]!.steps.length, 6);
  assert.equal(report.episodes[0]!.attempts, 1, 'an interruption is not a failed attempt');
  assert.equal(sink.episodes[0]!.meta.attrs?.['interrupted_attempts'], 1, 'the recorded episode says one attempt before it was voided');
});

test('robot env: a stalled joint-state stream ends the attempt at the age limit; the episode is redone once states are back', async () => {
  await using twin = await startTwin(20);
  await using driver = twinDriver(twin.url, 20);
  await driver.connect();
  const sink = new MemorySink();
  let acts = 0;
  let stalledAt = 0;
  let interruptedAfter = Infinity;
  const report = await runRobot(driver, {
    episodes: 1, maxSteps: 10, seed: 0, realTime: true, detector: new PoseRegionDetector({ kind: 'pose', point: 'tcp', box: { low: { x: 9, y: 9, z: 9 }, high: { x: 10, y: 10, z: 10 } } }),
    reset: { reset: async () => {} }, sink,
    wrap: (p) => ({ ...p, act: (o, n, t) => (++acts === 4 && (twin.stall(true), (stalledAt = performance.now())), p.act(o, n, t)) }),
    onInterrupt: async () => {
      interruptedAfter = performance.now() - stalledAt;
      twin.stall(false);
      // Fresh state alone does not move the arm again: it needs the explicit re-arm.
      await driver.waitForState(driver.getObservation().seq, 1000);
      assert.equal(driver.status, 'unarmed');
      driver.rearm();
      return true;
    },
  });
  assert.equal(report.interruptions, 1);
  // The first command past the state's age limit is held as stale: the limit plus one 50 ms period at most.
  assert.ok(interruptedAfter < SAFETY_DEFAULTS.maxStateAgeMs + 50 + 20, `interrupted ${interruptedAfter.toFixed(1)} ms after the stall`);
  assert.equal(sink.episodes.length, 1);
  assert.equal(sink.episodes[0]!.steps.length, 10, 'the redone episode ran to its limit');
  assert.equal(sink.episodes[0]!.meta.attrs?.['interrupted_attempts'], 1, 'marked as redone after a lost stream');
  assert.equal(twin.audit!.violationCount, 0);
});

test('robot env: a reset the robot could not do voids the episode as an interruption, and the caller decides on the retry', async () => {
  await using driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_ee_delta_pose' });
  await driver.connect();
  let resets = 0;
  const flaky = { reset: async (d: typeof driver, ctx: ResetContext) => { if (++resets <= 2) throw new ResetError('the reset service is down'); await new TaskReset().reset(d, ctx); } };
  const why: string[] = [];
  const report = await runRobot(driver, {
    episodes: 1, maxSteps: 4, seed: 0, realTime: false, detector: new TaskDetector(), reset: flaky as EpisodeReset,
    onInterrupt: async (e) => (why.push(e.message), true),
  });
  assert.equal(report.interruptions, 2);
  assert.match(why[0]!, /reset failed: the reset service is down/);
  assert.equal(report.episodes.length, 1);
});
