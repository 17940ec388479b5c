import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../../robot/asset-path.js';
import { formatRate } from './results-report.js';
import { StageStore } from './stage-store.js';

const MAIN = assetPath('dist/trainers/results/main.js');

/** Run the results command; resolve with its output when it exits, or kill it at the first line `killAt` matches. */
function results(args: string[], killAt?: RegExp): Promise<{ code: number | null; out: string; killedAfter: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: assetPath(''), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let killedAfter: string | null = null;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const line = killAt && !killedAfter ? out.split('\n').find((l) => killAt.test(l)) : undefined;
      if (line) {
        killedAfter = line;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: string) => (out += chunk));
    child.on('close', (code) => resolve({ code, out, killedAfter }));
  });
}

test('results pipeline on two tasks: killed mid-run, resumed without redoing finished stages, table equals JSON', { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-results-'));
  try {
    const work = join(dir, 'work');
    const out = join(dir, 'report');
    const args = ['--tasks', 'PickCube-v1,PushCube-v1', '--demos', '2', '--noisy-demos', '2', '--episodes', '3', '--envs', '3', '--workers', '0', '--quick', '--no-mt10', '--image-task', 'PushCube-v1', '--threads', '1', '--work', work, '--out', out];

    // First run: killed as soon as PickCube-v1's diffusion model is recorded (stage 4 of 25).
    const first = await results(args, /^\[stage 4\/25\] PickCube-v1: train diffusion: done/);
    assert.ok(first.killedAfter, `the first run never finished stage 4:\n${first.out}`);
    assert.match(first.out, /^\[plan\] 25 stages over 2 tasks, the image policy; 0 finished earlier; the other 25 should take about/m);
    const stages = join(work, 'stages');
    const recorded = readdirSync(stages).filter((f) => f.endsWith('.json')).sort();
    assert.ok(recorded.length >= 4, `records after the kill: ${recorded.join(', ')}`);
    const before = new Map(recorded.map((f) => [f, readFileSync(join(stages, f), 'utf8')]));
    const modelTime = statSync(join(work, 'PickCube-v1', 'diffusion.onnx')).mtimeMs;

    // Second run: resumes, redoing none of the finished stages.
    const second = await results(args);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, new RegExp(`^\\[plan\\] 25 stages over 2 tasks, the image policy; ${recorded.length} finished earlier`, 'm'));
    for (const n of [1, 2, 3, 4]) assert.match(second.out, new RegExp(`^\\[stage ${n}/25\\] .*: finished earlier .*not redone$`, 'm'));
    assert.doesNotMatch(second.out, /^\[stage 4\/25\] .*starting/m);
    assert.match(second.out, /^\[stage 22\/25\] PushCube-v1: evaluate V-GPS: (done|finished earlier)/m);
    assert.match(second.out, /^\[stage 25\/25\] PushCube-v1: evaluate image BC on rendered images: (done|finished earlier)/m);
    for (const [f, text] of before) assert.equal(readFileSync(join(stages, f), 'utf8'), text, `${f} was rewritten`);
    assert.equal(statSync(join(work, 'PickCube-v1', 'diffusion.onnx')).mtimeMs, modelTime, 'the finished model was retrained');

    // The table's rows are the JSON's numbers, row for row.
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { policies: { task: string; label: string; metrics: { successOnce: never; successAtEnd: never } }[] };
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    const tableRows = md.split('\n').filter((l) => /^\| (PickCube-v1|PushCube-v1) \| (expert|BC|diffusion|V-GPS base|V-GPS|image BC) \|/.test(l));
    assert.equal(json.policies.length, 11);
    assert.equal(tableRows.length, 11);
    assert.equal(json.policies[10]!.label, 'image BC');
    json.policies.forEach((p, i) => {
      const cells = tableRows[i]!.split('|').map((c) => c.trim());
      assert.deepEqual([cells[1], cells[2], cells[4], cells[5]], [p.task, p.label, formatRate(p.metrics.successOnce), formatRate(p.metrics.successAtEnd)]);
    });
    // The scripted expert is a real measurement: it solves both tasks on these seeds.
    assert.ok(json.policies.filter((p) => p.label === 'expert').every((p) => (p.metrics.successOnce as { mean: number }).mean === 1));
    for (const f of ['success-rates.svg', 'success-curves-PickCube-v1.svg', 'success-curves-PushCube-v1.svg']) assert.match(readFileSync(join(out, f), 'utf8'), /^<svg /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a stage record counts only for the inputs it was made with, and a torn one not at all', () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-stages-'));
  try {
    const store = new StageStore(dir);
    assert.equal(store.finished('A/train/bc', { steps: 10 }), null);
    store.record('A/train/bc', { steps: 10 }, { loss: 1 }, 2.5);
    assert.deepEqual(store.finished('A/train/bc', { steps: 10 })?.result, { loss: 1 });
    assert.equal(store.finished('A/train/bc', { steps: 11 }), null);
    writeFileSync(join(dir, 'stages', 'A_train_bc.json'), '{"inputs": {"steps": 10}, "res');
    assert.equal(store.finished('A/train/bc', { steps: 10 }), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('results refuses unknown tasks and bad options with one line naming them', async () => {
  const r = await results(['--tasks', 'PickCube-v1,NoSuchTask-v9', '--work', join(tmpdir(), 'armkit-results-unused')]);
  assert.equal(r.code, 2);
  assert.match(r.out, /^results: --tasks: unknown task NoSuchTask-v9; known: /);
  assert.doesNotMatch(r.out, /\n\s+at /);
  const bad = await results(['--demo-until', 'forever']);
  assert.equal(bad.code, 2);
  assert.match(bad.out, /demo-until/);
});
