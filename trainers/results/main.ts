/**
 * `npm run results`: collect demos, train BC, diffusion, a diffusion V-GPS base and an IQL critic,
 * evaluate every policy on the same seeds and write the results table (markdown, JSON) and plots.
 * Run with `--help` for the options; trainers/README.md documents the pipeline.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProgressBar } from '../../cli/progress-bar.js';
import { formatTable } from '../../cli/format-table.js';
import { SEED_MAX, flag, int, num, readOptions, text } from '../../cli/options.js';
import { UsageError } from '../../cli/usage-error.js';
import { ArmkitError } from '../../errors.js';
import { assetPath } from '../../robot/asset-path.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { evaluateEntry, type ResultsEntry } from './evaluate-entry.js';
import { DEFAULT_RESULTS_CONFIG, type ResultsConfig } from './results-config.js';
import { checkFloors, resultsBarsSvg, resultsCurvesSvg, resultsJson, resultsMarkdown, type ResultsReport, type ResultsRow, type TrainingRow } from './results-report.js';
import { runTrainer, TrainerRunError } from './run-trainer.js';
import { TRAINER_RECIPES, type DemoSet } from './trainer-recipes.js';

const USAGE = `npm run results -- [--out DIR] [--work DIR] [--demos N] [--noisy-demos N] [--noise STD]
                       [--episodes N] [--eval-seed S] [--envs N] [--workers N] [--candidates K]
                       [--diffusion-steps N] [--python PATH] [--reuse] [--quick]

Collects ${DEFAULT_RESULTS_CONFIG.demos} expert and ${DEFAULT_RESULTS_CONFIG.noisyDemos} noisy PickCube-v1 demos, trains BC, diffusion policy, a diffusion
V-GPS base (noisy demos) and an IQL critic, evaluates expert, BC, diffusion, the base and V-GPS on
${DEFAULT_RESULTS_CONFIG.episodes} seeds from ${DEFAULT_RESULTS_CONFIG.evalSeed}, and writes results.md, results.json,
success-rates.svg and success-curves.svg to --out (default ${DEFAULT_RESULTS_CONFIG.out}); demos, models and
logs go to --work (default ${DEFAULT_RESULTS_CONFIG.work}). Exits 1 when a floor is missed.`;

/** Parse the command line into a config over the defaults. @throws UsageError naming the bad option. */
export function parseResultsArgs(argv: string[]): ResultsConfig {
  const d = DEFAULT_RESULTS_CONFIG;
  const { values: o } = readOptions('results', argv, {
    out: text(d.out),
    work: text(d.work),
    demos: int(1, Number.MAX_SAFE_INTEGER, d.demos),
    'noisy-demos': int(1, Number.MAX_SAFE_INTEGER, d.noisyDemos),
    noise: num(0, 10, d.noise),
    episodes: int(1, Number.MAX_SAFE_INTEGER, d.episodes),
    'eval-seed': int(0, SEED_MAX, d.evalSeed),
    envs: int(1, 4096, d.envs),
    workers: int(0, 64, d.workers),
    candidates: int(1, 1024, d.candidates),
    'diffusion-steps': int(1, 100, d.diffusionSteps),
    python: text(d.python),
    reuse: flag(),
    quick: flag(),
  });
  const { 'noisy-demos': noisyDemos, 'eval-seed': evalSeed, 'diffusion-steps': diffusionSteps, ...rest } = o;
  const config: ResultsConfig = { ...d, ...rest, noisyDemos, evalSeed, diffusionSteps };
  const demoSeeds = [config.demoSeed, config.demoSeed + config.demos - 1, config.noisySeed, config.noisySeed + config.noisyDemos - 1];
  const lastDemoSeed = Math.max(demoSeeds[1]!, demoSeeds[3]!);
  if (config.evalSeed <= lastDemoSeed && config.evalSeed + config.episodes - 1 >= Math.min(demoSeeds[0]!, demoSeeds[2]!)) {
    throw new UsageError(`--eval-seed ${config.evalSeed}: evaluation seeds must not overlap the demo seeds (${demoSeeds[0]}..${demoSeeds[1]}, ${demoSeeds[2]}..${demoSeeds[3]})`);
  }
  return config;
}

/** Run the pipeline; resolves to the exit status (0, 1 when a floor is missed, 2 for bad usage). */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const config = parseResultsArgs(argv);
  const task = TASKS.get(config.task);
  const root = assetPath('');
  const work = resolve(config.work);
  const out = resolve(config.out);
  mkdirSync(work, { recursive: true });
  mkdirSync(out, { recursive: true });
  const say = (line: string) => process.stdout.write(`${line}\n`);

  // 1. Demonstrations.
  let t0 = performance.now();
  const demoFiles: Record<DemoSet, string> = { expert: join(work, 'expert.hdf5'), noisy: join(work, 'noisy.hdf5') };
  collect(config, 'expert', demoFiles.expert, root, say);
  collect(config, 'noisy', demoFiles.noisy, root, say);
  const collectSeconds = (performance.now() - t0) / 1000;

  // 2. Training, one model after another (each trainer uses both cores).
  t0 = performance.now();
  const training: TrainingRow[] = [];
  for (const recipe of TRAINER_RECIPES) {
    const model = join(work, `${recipe.id}.onnx`);
    const row: TrainingRow = { id: recipe.id, module: recipe.module, data: recipe.data, summary: recipe.summary, run: null };
    training.push(row);
    if (config.reuse && existsSync(model)) {
      say(`[train] ${recipe.id}: reusing ${model}`);
      continue;
    }
    say(`[train] ${recipe.id}: ${recipe.module} on ${recipe.data.join(' + ')} demos (${recipe.summary})`);
    const args = ['--data', ...recipe.data.map((s) => demoFiles[s]), '--out', model, ...recipe.args, ...(config.quick ? recipe.quickArgs : [])];
    row.run = await runTrainer(config.python, recipe.module, args, root, (line) => say(`  ${line}`));
    say(`[train] ${recipe.id}: ${row.run.steps} steps, ${row.run.seconds.toFixed(1)} s wall`);
  }
  const trainSeconds = (performance.now() - t0) / 1000;

  // 3. Evaluation on the same seeds.
  t0 = performance.now();
  const model = (id: string) => join(work, `${id}.onnx`);
  const entries: ResultsEntry[] = [
    { id: 'expert', label: 'expert', policy: 'scripted', trainedOn: '(scripted)' },
    { id: 'bc', label: 'BC', policy: model('bc'), trainedOn: `${config.demos} expert demos` },
    { id: 'diffusion', label: 'diffusion', policy: model('diffusion'), load: { inferenceSteps: config.diffusionSteps }, trainedOn: `${config.demos} expert demos` },
    { id: 'vgps-base', label: 'V-GPS base', policy: model('vgps-base'), load: { inferenceSteps: config.diffusionSteps }, trainedOn: `${config.noisyDemos} noisy demos` },
    {
      id: 'vgps',
      label: 'V-GPS',
      policy: model('vgps-base'),
      load: { rerank: model('q'), candidates: config.candidates, temperature: 0, inferenceSteps: config.diffusionSteps },
      trainedOn: `base + IQL Q on ${config.noisyDemos} noisy + ${config.demos} expert demos`,
    },
  ];
  const rows: ResultsRow[] = [];
  let horizon = 0;
  for (const entry of entries) {
    const bar = new ProgressBar(`[eval] ${entry.label}`, config.episodes, process.stdout);
    const result = await evaluateEntry(entry, { task: config.task, episodes: config.episodes, seed: config.evalSeed, envs: config.envs, workers: config.workers }, (done, _total, ok) =>
      bar.update(done, `success_once ${((100 * ok) / Math.max(1, done)).toFixed(1)}%`),
    );
    horizon = Math.max(horizon, ...result.episodes.map((e) => e.length));
    rows.push({ entry, controlMode: result.controlMode, metrics: result.metrics, firstSuccess: result.episodes.map((e) => (e.successOnce ? e.length : null)), evalSeconds: result.seconds });
  }
  const evaluateSeconds = (performance.now() - t0) / 1000;

  // 4. Report.
  const report: ResultsReport = {
    config,
    command: `npm run results${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    date: new Date().toISOString().slice(0, 10),
    horizon,
    rows,
    training,
    floors: checkFloors(rows),
    seconds: { collect: collectSeconds, train: trainSeconds, evaluate: evaluateSeconds, total: (performance.now() - started) / 1000 },
  };
  const files = {
    'results.md': resultsMarkdown(report),
    'results.json': resultsJson(report),
    'success-rates.svg': resultsBarsSvg(report),
    'success-curves.svg': resultsCurvesSvg(report),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  const pct = (e: { mean: number; low: number; high: number }) => `${(100 * e.mean).toFixed(1)}% [${(100 * e.low).toFixed(1)}, ${(100 * e.high).toFixed(1)}]`;
  say(`\n${task.id}, ${config.episodes} episodes from seed ${config.evalSeed}`);
  say(formatTable(['policy', 'success_once (95% CI)', 'success_at_end (95% CI)'], rows.map((r) => [r.entry.label, pct(r.metrics.successOnce), pct(r.metrics.successAtEnd)])));
  say(formatTable(['model', 'wall time'], training.map((t) => [t.id, t.run ? `${t.run.seconds.toFixed(1)} s` : 'reused'])));
  for (const f of report.floors) say(`floor ${f.met ? 'met   ' : 'MISSED'} ${f.name}: ${(100 * f.measured).toFixed(1)}`);
  say(`wrote ${Object.keys(files).map((n) => join(config.out, n)).join(', ')} (${report.seconds.total.toFixed(0)} s in all)`);
  if (config.quick) return 0;
  return report.floors.every((f) => f.met) ? 0 : 1;
}

/** Record demos with `armkit collect` unless reusing an existing file. */
function collect(config: ResultsConfig, set: DemoSet, file: string, root: string, say: (line: string) => void): void {
  if (config.reuse && existsSync(file)) {
    say(`[collect] ${set}: reusing ${file}`);
    return;
  }
  const noisy = set === 'noisy';
  const args = ['collect', '--task', config.task, '--policy', 'scripted', '--episodes', String(noisy ? config.noisyDemos : config.demos),
    '--seed', String(noisy ? config.noisySeed : config.demoSeed), '--out', file, '--overwrite', '--quiet', ...(noisy ? ['--noise', String(config.noise)] : [])];
  say(`[collect] ${set}: armkit ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'armkit.js'), ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new TrainerRunError(`armkit collect (${set}) exited with status ${r.status}: ${r.stderr.trim() || r.stdout.trim()}`);
  say(`[collect] ${set}: ${r.stdout.trim()}`);
}

const isEntry = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`results: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = e instanceof UsageError ? 2 : 1;
      if (!(e instanceof ArmkitError)) process.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
    },
  );
}
