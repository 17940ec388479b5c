import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../robot/asset-path.js';
import { METAWORLD_BENCHMARKS, variationSeed } from '../tasks/metaworld/benchmarks.js';
import { SCRIPTED_EXPERTS } from '../policies/scripted/scripted-experts.js';
import { TASKS } from '../tasks/registered-tasks.js';
import type { BenchmarkReport } from './eval-benchmark.js';

function armkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [assetPath('bin/armkit.js'), ...args], { env: { ...process.env, ARMKIT_DEBUG: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

test('armkit eval --benchmark MT10: a row per task in Meta-World\'s order, the unregistered ones listed and left out of the mean, as a table, JSON and a bar plot', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-bench-'));
  const json = join(dir, 'mt10.json');
  const plot = join(dir, 'mt10.svg');
  const r = await armkit('eval', '--benchmark', 'MT10', '--policy', 'scripted', '--episodes', '2', '--seed', '5', '--json', json, '--plot', plot, '--quiet');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(json, 'utf8')) as BenchmarkReport;
  assert.deepEqual(report.rows.map((row) => row.task), [...METAWORLD_BENCHMARKS.MT10]);
  assert.equal(report.variations, 50);
  const evaluated = report.rows.filter((row) => row.status === 'evaluated');
  assert.deepEqual(evaluated.map((row) => row.task), METAWORLD_BENCHMARKS.MT10.filter((id) => TASKS.has(id) && SCRIPTED_EXPERTS.has(id)));
  assert.ok(evaluated.length >= 3, 'reach, push and pick-place at least');
  for (const row of report.rows) {
    if (row.status === 'evaluated') {
      assert.equal(row.variationSeed, variationSeed(5, row.task), `${row.task}: its variations come from the run's seed and its id`);
      assert.ok(row.successOnce!.low <= row.successOnce!.mean && row.successOnce!.mean <= row.successOnce!.high);
      assert.match(r.stdout, new RegExp(`^${row.task}\\s+${(100 * row.successOnce!.mean).toFixed(1)}%\\s+\\[`, 'm'));
    } else {
      assert.equal(row.successOnce, null);
      assert.match(r.stdout, new RegExp(`^${row.task}\\s+${row.status}`, 'm'));
    }
  }
  assert.equal(report.rows.find((row) => row.task === 'reach-v3')!.successOnce!.mean, 1, 'the reach expert solves both episodes');
  const mean = evaluated.reduce((a, row) => a + row.successOnce!.mean, 0) / evaluated.length;
  assert.ok(Math.abs(report.mean - mean) < 1e-12);
  assert.deepEqual(report.notRegistered, report.rows.filter((row) => row.status === 'not registered').map((row) => row.task));
  assert.deepEqual(report.notRegistered, METAWORLD_BENCHMARKS.MT10.filter((id) => !TASKS.has(id)));
  assert.match(r.stdout, new RegExp(`mean success_once over the ${evaluated.length} evaluated tasks: ${(100 * mean).toFixed(1)}%${report.notRegistered.length ? ` \\(${report.notRegistered.length} of 10 not registered, not counted\\)` : ''}${report.noExpert.length ? ` \\(${report.noExpert.length} without a scripted expert, not counted\\)` : ''}\\n$`));
  const svg = readFileSync(plot, 'utf8');
  assert.match(svg, /^<svg /);
  assert.equal((svg.match(/fill="#4c72b0"/g) ?? []).length, evaluated.length, 'one bar per evaluated task');
  assert.match(svg, /MT10: scripted, 2 episodes per task/);
});

test('armkit eval --benchmark MT50 runs every registered task of the 50 and lists the rest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'armkit-bench-'));
  const json = join(dir, 'mt50.json');
  const r = await armkit('eval', '--benchmark', 'MT50', '--policy', 'scripted', '--episodes', '1', '--json', json, '--quiet');
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(json, 'utf8')) as BenchmarkReport;
  assert.equal(report.rows.length, 50);
  assert.equal(new Set(report.rows.map((row) => row.task)).size, 50);
  assert.equal(report.evaluated, METAWORLD_BENCHMARKS.MT50.filter((id) => TASKS.has(id) && SCRIPTED_EXPERTS.has(id)).length);
  assert.equal(report.notRegistered.length + report.noExpert.length, 50 - report.evaluated);
});

test('bad benchmark arguments are one-line errors naming what was expected', async () => {
  const cases: [string[], RegExp][] = [
    [['--benchmark', 'MT5', '--policy', 'scripted'], /--benchmark: expected one of MT10, MT50, got "MT5"/],
    [['--benchmark', 'MT10', '--policy', 'scripted', '--task', 'reach-v3'], /--task applies only without --benchmark/],
    [['--benchmark', 'MT10', '--policy', 'scripted', '--control-mode', 'pd_joint_pos'], /--control-mode applies only without --benchmark/],
    [['--benchmark', 'MT10', '--policy', 'scripted', '--episodes', '0'], /--episodes: expected an integer in \[1, /],
    [['--benchmark', 'MT10'], /--policy: expected "scripted" or a path to an \.onnx model/],
  ];
  for (const [args, pattern] of cases) {
    const r = await armkit('eval', ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 1, `one line for ${args.join(' ')}, got:\n${r.stderr}`);
    assert.match(lines[0]!, /^armkit: /);
    assert.match(lines[0]!, pattern);
  }
});
