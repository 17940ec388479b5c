import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { assetPath } from '../../robot/asset-path.js';
import { openPage } from '../../viewer/teleop-page-driver.js';
import type { LiveInterruptMessage, LiveRobotFrameMessage, LiveSceneMessage } from '../../viewer/live-view-server.js';
import { modelPath } from '../policies/fixtures.js';
import { startTwin } from '../hardware/twin-fixtures.js';
import { SAFETY_DEFAULTS } from '../../hardware/safety/safety-config.js';

// `armkit deploy --view` on the twin, in a pseudo-terminal so that the operator's keys work: the
// page gets one robot frame per control step whose joints are a joint state the twin published,
// and the run's clipped commands (a tight per-step limit), held ones (the twin's state stream
// stalled past one control period), human steps ('t') and an e-stop ('e', 'c', 'a') are marked.
test('deploy --view on the twin: one frame per step with the twin\'s joint states, clips, holds, human steps and the e-stop marked', { timeout: 30_000 }, async (t) => {
  // The twin audits every command against the limits this robot is configured with (below).
  const safety = { maxRelativeTarget: 0.02, maxStateAgeMs: 5000 };
  await using twin = await startTwin(20, { ...SAFETY_DEFAULTS, ...safety });
  const dir = mkdtempSync(join(tmpdir(), 'armkit-deploy-view-'));
  const config = JSON.parse(readFileSync(assetPath('hardware/examples/twin-pickcube.json'), 'utf8')) as Record<string, unknown>;
  delete config['$schema'];
  config['url'] = twin.url;
  config['reconnect'] = { initialDelayMs: 20, maxDelayMs: 200, connectTimeoutMs: 5000 };
  // 0.02 rad a step clips the policy's larger moves; a 5 s watchdog lets a stall hold commands (late state) without voiding the episode.
  config['safety'] = safety;
  // The operator ends both attempts (an e-stop, then 's'): the time limit (--max-steps 1000) never
  // comes, however long the page takes to come up.
  config['detector'] = { kind: 'key' };
  writeFileSync(join(dir, 'robot.json'), JSON.stringify(config));
  const report = join(dir, 'report.json');

  // What the twin publishes, seen as a ROS client sees it.
  const published = new Set<string>();
  const ros = new WebSocket(twin.url);
  await new Promise((resolve, reject) => ros.once('open', resolve).once('error', reject));
  ros.on('message', (m) => {
    const msg = JSON.parse(String(m)) as { op: string; topic?: string; msg?: { position: number[] } };
    if (msg.op === 'publish' && msg.topic === '/joint_states') published.add(JSON.stringify(msg.msg!.position));
  });
  ros.send(JSON.stringify({ op: 'subscribe', topic: '/joint_states', type: 'sensor_msgs/JointState' }));

  const cmd = [process.execPath, assetPath('bin/armkit.js'), 'deploy', '--robot', join(dir, 'robot.json'), '--policy', modelPath('bc-mlp'), '--episodes', '1', '--max-steps', '1000', '--json', report, '--view'];
  const child = spawn('script', ['-qfec', cmd.map((a) => `'${a}'`).join(' '), '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const until = async (what: () => boolean, why: string) => {
    const deadline = performance.now() + 10_000;
    while (!what()) {
      if (performance.now() > deadline) throw new Error(`${why}; output so far:\n${out}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const frames: LiveRobotFrameMessage[] = [];
  const interrupts: LiveInterruptMessage[] = [];
  let scene: LiveSceneMessage | null = null;
  let done = false;
  try {
    await until(() => /open (http:\/\/\S+) to watch/.test(out), 'deploy --view printed no URL');
    const url = /open (http:\/\/\S+) to watch/.exec(out)![1]!;
    const ws = new WebSocket(`${url.replace('http', 'ws')}ws`);
    ws.on('message', (m) => {
      const msg = JSON.parse(String(m));
      if (msg.type === 'scene') scene = msg;
      if (msg.type === 'robot') frames.push(msg);
      if (msg.type === 'interrupt') interrupts.push(msg);
      if (msg.type === 'done') done = true;
    });
    await until(() => frames.length >= 5, 'no robot frames');
    // The page joins late (the plain client started the run): the marks come once it is there.
    const ui = await openPage(url, 'window.armkitLive?.ready === true', 480, 320);
    await using _browser = { [Symbol.asyncDispose]: () => ui.browser.close() };
    child.stdin.write('t');
    await until(() => frames.filter((f) => f.intervention).length >= 4, 'no steps under the human override');
    child.stdin.write('t');
    await until(() => !frames.at(-1)!.intervention, 'the override did not end');
    const stallFrom = frames.length;
    twin.stall(true);
    await new Promise((r) => setTimeout(r, 250));
    twin.stall(false);
    await until(() => frames.length >= stallFrom + 4, 'the run did not go on after the stall');
    child.stdin.write('e');
    await until(() => out.includes('interrupted ('), 'the e-stop key did not interrupt');
    child.stdin.write('c');
    await until(() => out.includes('press "a" to re-arm'), 'clearing did not ask for the re-arm');
    const voided = frames.length;
    child.stdin.write('a');
    await until(() => frames.length > voided + 5 && frames.slice(voided).some((f) => f.t === 0), 'the redo did not run');
    child.stdin.write('s');
    await until(() => child.exitCode !== null, 'deploy did not exit');
    assert.equal(await exited, 0, out);
    await until(() => done, 'no done message');
    const page = (await ui.page.evaluate('({ frames: window.armkitLive.frames, counts: { ...window.armkitLive.statusCounts }, interventions: window.armkitLive.interventions, interrupts: window.armkitLive.interrupts, ghosts: window.armkitLive.ghosts, marks: window.armkitLive.timelineMarks })')) as {
      frames: number; counts: Record<string, number>; interventions: number; interrupts: number; ghosts: number; marks: number;
    };
    assert.ok(page.frames > 0 && page.frames <= frames.length, `page frames ${page.frames}`);
    assert.ok(page.ghosts > 5, 'the commanded target drawn as a ghost arm');
    assert.ok(page.marks > 0 && page.marks <= frames.length);
    assert.equal(page.interrupts, 1);
    assert.ok((page.counts['held'] ?? 0) > 0 && (page.counts['clipped'] ?? 0) > 0 && page.interventions > 0, JSON.stringify(page));
    ws.close();
  } finally {
    child.kill();
    ros.close();
  }
  const r = JSON.parse(readFileSync(report, 'utf8')) as { successes: number; episodes: { steps: number; attempts: number; interventions: number }[]; interruptions: number; errors: string[] };
  assert.deepEqual(r.errors, []);
  assert.equal(r.successes, 1, 'the operator said success');
  assert.equal(r.interruptions, 1);
  assert.equal(scene!.source, 'robot');
  assert.equal(scene!.robot, `ros:${twin.url}`);
  // One frame per control step: the steps of every attempt, each attempt's counted from 0.
  const attempts: number[][] = [[]];
  for (const f of frames) {
    if (f.t === 0 && attempts.at(-1)!.length > 0) attempts.push([]);
    attempts.at(-1)!.push(f.t);
  }
  assert.equal(attempts.length, 2, 'the voided attempt and its redo');
  for (const a of attempts) assert.deepEqual(a, Array.from({ length: a.length }, (_, t) => t));
  assert.equal(attempts[1]!.length, r.episodes[0]!.steps, 'one frame per step of the kept attempt');
  // Each frame's joints are one of the twin's published joint states, exactly, newer step by step.
  for (const f of frames) assert.ok(published.has(JSON.stringify([...f.q, ...f.gripper])), `step ${f.t}: joints ${f.q.join(',')} were never published`);
  for (let i = 1; i < frames.length; i++) assert.ok(frames[i]!.seq >= frames[i - 1]!.seq);
  // The robot's links posed from them: the first link body moves with the arm.
  assert.notDeepEqual(frames[0]!.poses, frames.at(-1)!.poses);
  const count = (p: (f: LiveRobotFrameMessage) => boolean) => frames.filter(p).length;
  assert.ok(count((f) => f.status === 'clipped') > 0, 'clipped commands marked');
  assert.ok(count((f) => f.status === 'held' && f.reason === 'late-state') > 0, 'the stall held commands (late state)');
  // The override was on for a few steps of the voided attempt, and only then.
  const human = frames.filter((f) => f.intervention);
  assert.ok(human.length >= 4, `${human.length} human steps marked`);
  assert.ok(human.every((f) => f.seq < frames[attempts[0]!.length]!.seq));
  assert.equal(r.episodes[0]!.interventions, 0, 'none in the kept attempt');
  assert.equal(interrupts.length, 1);
  assert.match(interrupts[0]!.reason, /estop/);
  assert.equal(interrupts[0]!.episode, 0);
  assert.equal(interrupts[0]!.t, attempts[0]!.length - 1);
  t.diagnostic(`${frames.length} frames (attempts of ${attempts.map((a) => a.length).join(' and ')} steps): ${count((f) => f.status === 'clipped')} clipped, ${count((f) => f.status === 'held')} held (${[...new Set(frames.filter((f) => f.reason).map((f) => f.reason))].join(', ')}), ${human.length} human, 1 interrupt`);
  assert.equal(twin.audit!.violationCount, 0, twin.audit!.violations.join('\n'));
});
