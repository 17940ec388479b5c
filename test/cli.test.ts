import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { assetPath } from '../robot/asset-path.js';
import { Hdf5DemoReader } from '../recording/hdf5-demo-reader.js';

function armkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return armkitWithEnv({}, ...args);
}

function armkitWithEnv(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [assetPath('bin/armkit.js'), ...args], { env: { ...process.env, ARMKIT_DEBUG: '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The error report is one `armkit: ...` line: no stack frames, nothing else. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${stderr}`);
  assert.match(lines[0]!, /^armkit: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(stderr, /^\s+at /m);
}

test('armkit tasks lists every task with its family, episode length, default control mode and expert', async () => {
  const r = await armkit('tasks');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /PickCube-v1 +ManiSkill +50 +panda +pd_joint_delta_pos +scripted/);
  const json = JSON.parse((await armkit('tasks', '--json')).stdout) as { id: string; family: string; episodeSteps: number }[];
  assert.deepEqual(json.find((t) => t.id === 'reach-v3'), { ...json.find((t) => t.id === 'reach-v3'), family: 'Meta-World', episodeSteps: 500 });
});

test('an unknown task or policy exits non-zero listing the known ones', async () => {
  const task = await armkit('eval', '--task', 'PickSphere-v9', '--policy', 'scripted');
  assert.equal(task.code, 2);
  assert.match(task.stderr, /unknown task "PickSphere-v9"; known: .*PickCube-v1, /);
  const policy = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'oracle');
  assert.equal(policy.code, 2);
  assert.match(policy.stderr, /unknown policy "oracle"; known: .*scripted/);
});

test('bad arguments are named with what was expected', async () => {
  const r = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '-3');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--episodes: expected an integer in \[1, 4294967296\], got "-3"/);
  const mode = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--control-mode', 'pd_ee_delta_pos');
  assert.equal(mode.code, 2);
  assert.match(mode.stderr, /acts in pd_ee_delta_pose/);
  const unknown = await armkit('frobnicate');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"; known: .*eval.*tasks/);
});

test('armkit eval runs episodes on workers, prints the summary and writes JSON', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'armkit-')), 'eval.json');
  const r = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '6', '--seed', '40', '--envs', '3', '--workers', '2', '--json', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /success_once\s+\d+\.\d%/);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.results.length, 6);
  assert.deepEqual(report.results.map((e: { seed: number }) => e.seed), [40, 41, 42, 43, 44, 45]);
  assert.ok(report.metrics.successOnce.mean >= 5 / 6);
  assert.ok(report.metrics.successOnce.low <= report.metrics.successOnce.mean);
});

test('armkit tasks lists the Meta-World tasks on their own robot and action', async () => {
  const r = await armkit('tasks');
  assert.match(r.stdout, /reach-v3\s+Meta-World\s+500\s+panda_metaworld\s+pd_ee_delta_pos\s+scripted/);
  assert.match(r.stdout, /push-v3\s+Meta-World\s+500\s+panda_metaworld\s+pd_ee_delta_pos\s+scripted/);
});

test('armkit view names what is wrong with its arguments', async () => {
  const none = await armkit('view');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /expected one FILE, got 0/);
  const missing = await armkit('view', join(tmpdir(), 'no-such-demos.hdf5'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no-such-demos\.hdf5: no such file/);
  const frame = await armkit('view', 'x.hdf5', '--frame', '3');
  assert.equal(frame.code, 2);
  assert.match(frame.stderr, /--frame goes with --screenshot/);
});

test('an armkit error is one line on stderr and a non-zero exit, without a stack', async () => {
  const file = join(tmpdir(), 'armkit-no-such-file.hdf5');
  const r = await armkit('dataset', 'info', file);
  assert.equal(r.code, 1);
  assertOneLine(r.stderr, /^armkit: ResourceError: cannot read .*armkit-no-such-file\.hdf5: no such file or directory$/);
});

test('--debug anywhere on the command line, or ARMKIT_DEBUG=1, adds the stack', async () => {
  const file = join(tmpdir(), 'armkit-no-such-file.hdf5');
  for (const r of [await armkit('--debug', 'dataset', 'info', file), await armkit('dataset', 'info', file, '--debug'), await armkitWithEnv({ ARMKIT_DEBUG: '1' }, 'dataset', 'info', file)]) {
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^armkit: ResourceError: cannot read .*: no such file or directory\n/);
    assert.match(r.stderr, /^\s+at .*hdf5-file-check\.js/m, 'the stack');
    assert.match(r.stderr, /\[cause\]: Error: ENOENT/, 'the cause');
  }
  const usage = await armkit('dataset', 'info', file, '--debug', '--frobnicate');
  assert.equal(usage.code, 2, '--debug is taken out before the command reads its options');
  assert.match(usage.stderr, /Unknown option '--frobnicate'/);
});

test('armkit help CMD is that command\'s usage; options the chosen policy does not use, and a frame past the end, are refused', async () => {
  const help = await armkit('help', 'eval');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^evaluate a policy.*\n\nusage: armkit eval --task ID/);
  const extra = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--temperature', '2');
  assert.equal(extra.code, 2);
  assertOneLine(extra.stderr, /--temperature applies only to \.onnx model policies/);
  const dir = mkdtempSync(join(tmpdir(), 'armkit-'));
  const demos = join(dir, 'demos.hdf5');
  assert.equal((await armkit('collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '1', '--quiet', '--out', demos)).code, 0);
  const frame = await armkit('view', demos, '--screenshot', join(dir, 'x.png'), '--frame', '9999');
  assert.equal(frame.code, 2);
  assertOneLine(frame.stderr, /--frame: expected "last" or a step in \[0, \d+\], got "9999"/);
});

test('an output that cannot be written is refused before any episode runs, naming the reason, without a stack', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-'));
  // No --quiet: an episode run would show on the progress line.
  const refused = await Promise.all([
    armkit('collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '5', '--out', '/proc/armkit-demos.hdf5'),
    armkit('collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '5', '--out', dir, '--overwrite'),
    armkit('deploy', '--robot', 'sim:PickCube-v1', '--policy', 'scripted', '--episodes', '5', '--record', '/proc/self/armkit.hdf5'),
    armkit('eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '5', '--plot', '/proc/armkit.svg'),
  ]);
  const reasons = [/cannot write \/proc\/armkit-demos\.hdf5: no such file or directory$/, new RegExp(`cannot write ${dir}: is a directory$`), /cannot write \/proc\/self\/armkit\.hdf5: no such file or directory$/, /cannot write \/proc\/armkit\.svg: no such file or directory$/];
  for (const [i, r] of refused.entries()) {
    assert.equal(r.code, 1);
    assertOneLine(r.stderr, reasons[i]!);
    assert.equal(r.stdout, '', 'nothing ran');
  }
  const demos = join(dir, 'demos.hdf5');
  assert.equal((await armkit('collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '1', '--quiet', '--out', demos)).code, 0);
  const view = await armkit('view', demos, '--screenshot', dir);
  assert.notEqual(view.code, 0);
  assertOneLine(view.stderr, new RegExp(`cannot write ${dir}: is a directory$`));
});

test('armkit twin and armkit view on a port in use, or on a host that is not this machine, say so in one line', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as { port: number };
  const demos = join(mkdtempSync(join(tmpdir(), 'armkit-')), 'demos.hdf5');
  assert.equal((await armkit('collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '1', '--quiet', '--out', demos)).code, 0);
  try {
    for (const command of [['twin'], ['view', demos]]) {
      const taken = await armkit(...command, '--port', String(port));
      assert.notEqual(taken.code, 0);
      assertOneLine(taken.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: address already in use$`));
      const away = await armkit(...command, '--host', 'no-such-host.invalid', '--port', '0');
      assert.notEqual(away.code, 0);
      assertOneLine(away.stderr, /cannot listen on no-such-host\.invalid:0: host not found$/);
    }
  } finally {
    holder.close();
  }
});

test('armkit twin off loopback makes a token, says so in one line, and refuses a client without it', async () => {
  const twin = spawn(process.execPath, [assetPath('bin/armkit.js'), 'twin', '--host', '0.0.0.0', '--port', '0']);
  let stdout = '';
  let stderr = '';
  twin.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  twin.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => twin.once('exit', resolve));
  try {
    while (!stdout.includes('Ctrl-C stops.')) await new Promise((r) => setTimeout(r, 50));
    const port = /ws:\/\/0\.0\.0\.0:(\d+)/.exec(stdout)![1]!;
    const notice = new RegExp(`^armkit twin: 0\\.0\\.0\\.0:${port} is not loopback: clients need the token (\\S+) `).exec(stderr);
    assert.ok(notice, `the notice on stderr: ${stderr}`);
    assert.equal(stderr.trim().split('\n').length, 1);
    const dial = (query: string) => new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/${query}`);
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode!));
    });
    assert.equal(await dial(''), 401);
    assert.equal(await dial(`?token=${notice[1]}`), 101);
  } finally {
    twin.kill('SIGINT');
  }
  assert.equal(await exited, 0);
});

test('every bad option of a command is named in one error, and an unwritable report path is refused before the run', async () => {
  const bad = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', 'x', '--seed', '-1', '--diffusion-steps', '0', '--control-mode', 'joint');
  assert.equal(bad.code, 2);
  for (const p of [/--episodes: expected an integer in \[1, 4294967296\], got "x"/, /--seed: expected an integer in \[0, 4294967295\], got "-1"/, /--diffusion-steps: expected an integer in \[1, 1000\], got "0"/, /--control-mode: expected one of pd_joint_pos, .*, got "joint"/]) {
    assert.match(bad.stderr, p);
  }
  assert.match(bad.stderr, /4 bad options/);
  const started = performance.now();
  const unwritable = await armkit('eval', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '500', '--json', '/nonexistent-dir/report.json');
  assert.equal(unwritable.code, 1);
  assertOneLine(unwritable.stderr, /cannot write \/nonexistent-dir\/report\.json: no such file or directory/);
  assert.equal(unwritable.stdout, '', 'nothing was evaluated');
  assert.ok(performance.now() - started < 20_000);
});

test('armkit eval --robot sim:TASK runs the expert on the simulated arm as a robot, with the same results as armkit eval', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-robot-'));
  const plain = await armkit('eval', '--task', 'PushCube-v1', '--policy', 'scripted', '--episodes', '3', '--seed', '4', '--quiet', '--json', join(dir, 'plain.json'));
  const robot = await armkit('eval', '--robot', 'sim:PushCube-v1', '--policy', 'scripted', '--episodes', '3', '--seed', '4', '--quiet', '--json', join(dir, 'robot.json'));
  assert.equal(plain.code, 0, plain.stderr);
  assert.equal(robot.code, 0, robot.stderr);
  const read = (f: string) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { results: { successOnce: boolean; return: number; length: number }[] }).results.map((r) => [r.successOnce, r.return, r.length]);
  assert.deepEqual(read('robot.json'), read('plain.json'));
  const both = await armkit('eval', '--task', 'PushCube-v1', '--robot', 'sim:PushCube-v1', '--policy', 'scripted');
  assert.equal(both.code, 2);
  const unknown = await armkit('eval', '--robot', 'sim:NoSuchTask-v0', '--policy', 'scripted');
  assert.notEqual(unknown.code, 0);
  assertOneLine(unknown.stderr, /sim:NoSuchTask-v0\.task: expected one of/);
});

test('collect --until horizon records every demo to the time limit, the expert holding the goal; --until success (the default) stops at success', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-'));
  const lengths: Record<string, number[]> = {};
  for (const until of ['horizon', 'success']) {
    const out = join(dir, `${until}.hdf5`);
    const r = await armkit('collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--episodes', '2', '--quiet', '--until', until, '--out', out);
    assert.equal(r.code, 0, r.stderr);
    using reader = new Hdf5DemoReader(out);
    lengths[until] = reader.demoNames.map((n) => reader.demo(n).actions.length / 7);
    if (until === 'horizon') {
      for (const n of reader.demoNames) assert.equal(reader.demo(n).rewards.at(-1), 1, `${n} still succeeds at its last step`);
    }
  }
  assert.deepEqual(lengths['horizon'], [50, 50]);
  assert.ok(lengths['success']!.every((n) => n < 50), `stopped at success: ${lengths['success']}`);
});

test('collect --until success stops at the first success also on Meta-World, which does not terminate there; --task-one-hot records the suite one-hot', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-'));
  const out = join(dir, 'door.hdf5');
  const r = await armkit('collect', '--task', 'door-open-v3', '--policy', 'scripted', '--episodes', '2', '--quiet', '--task-one-hot', 'MT10', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  using reader = new Hdf5DemoReader(out);
  for (const n of reader.demoNames) {
    const demo = reader.demo(n);
    const steps = demo.actions.length / 4;
    assert.ok(steps < 500, `${n}: ${steps} steps, stopped at success`);
    const hot = reader.observation(n, 'task_one_hot')!;
    assert.equal(hot.width, 10);
    assert.equal(hot.rows.length, steps * 10);
    assert.deepEqual(Array.from(hot.rows.subarray(0, 10)), [0, 0, 0, 1, 0, 0, 0, 0, 0, 0], 'door-open-v3 is MT10 task 4');
  }
  const bad = await armkit('collect', '--task', 'PickCube-v1', '--policy', 'scripted', '--task-one-hot', 'MT10', '--out', join(dir, 'x.hdf5'));
  assert.equal(bad.code, 2);
  assertOneLine(bad.stderr, /--task-one-hot MT10: PickCube-v1 is not one of its tasks \(reach-v3, /);
  const rgb = await armkit('eval', '--benchmark', 'MT10', '--policy', 'scripted', '--obs-mode', 'rgb');
  assert.notEqual(rgb.code, 0);
  assertOneLine(rgb.stderr, /--obs-mode/);
});
