/**
 * `npm run results`: for every task, collect demos, train BC, diffusion, a diffusion V-GPS base
 * and an IQL critic, evaluate every policy on the same seeds, and write one results table
 * (markdown, JSON) and plots. Resumable: each finished stage is recorded under the work folder
 * and not redone. Run with `--help` for the options; trainers/README.md documents the pipeline.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProgressBar } from '../../cli/progress-bar.js';
import { formatTable } from '../../cli/format-table.js';
import { SEED_MAX, flag, int, num, oneOf, readOptions, text } from '../../cli/options.js';
import { UsageError } from '../../cli/usage-error.js';
import { ArmkitError } from '../../errors.js';
import { assetPath } from '../../robot/asset-path.js';
import { TASKS } from '../../tasks/registered-tasks.js';
import { evaluateEntry } from './evaluate-entry.js';
import { DEFAULT_RESULTS_CONFIG, type ResultsConfig } from './results-config.js';
import { planStages, runCollect, type AnyStage } from './results-plan.js';
import { checkFloors, curvesFile, rowTasks, formatRate, resultsBarsSvg, resultsCurvesSvg, resultsJson, resultsMarkdown, type EvaluationRecord, type ResultsReport, type ResultsRow, type StageTime, type TrainingRow } from './results-report.js';
import { runTrainer, type TrainerRun } from './run-trainer.js';
import { StageStore } from './stage-store.js';

const USAGE = `npm run results -- [--tasks ID,ID,...] [--out DIR] [--work DIR] [--demos N] [--demo-until horizon|success]
                       [--noisy-demos N] [--noise STD] [--episodes N] [--eval-seed S] [--envs N] [--workers N]
                       [--candidates K] [--diffusion-steps N] [--python PATH] [--threads N] [--no-mt10] [--image-task ID|''] [--fresh] [--quick]

For each task (default ${DEFAULT_RESULTS_CONFIG.tasks.join(',')}): collects ${DEFAULT_RESULTS_CONFIG.demos} expert and ${DEFAULT_RESULTS_CONFIG.noisyDemos} noisy
demos, trains BC, diffusion policy, a diffusion V-GPS base (noisy demos) and an IQL critic, and
evaluates expert, BC, diffusion, the base and V-GPS on ${DEFAULT_RESULTS_CONFIG.episodes} seeds from ${DEFAULT_RESULTS_CONFIG.evalSeed}. Then (unless
--no-mt10) one BC network on demos of all ten Meta-World MT10 tasks, conditioned on the task's
one-hot, evaluated on each in benchmark mode; and a BC policy from camera images and joints only
on --image-task (default ${DEFAULT_RESULTS_CONFIG.imageTask}; '' for none). Writes results.md,
results.json, success-rates.svg and success-curves-<task>.svg to --out (default ${DEFAULT_RESULTS_CONFIG.out}); demos,
models, logs and the records of finished stages go to --work (default ${DEFAULT_RESULTS_CONFIG.work}). A run that is
stopped resumes where it was: finished stages are not redone (--fresh forgets them). Exits 1
when a floor is missed.`;

/** Parse the command line into a config over the defaults. @throws UsageError naming the bad option. */
export function parseResultsArgs(argv: string[]): ResultsConfig {
  const d = DEFAULT_RESULTS_CONFIG;
  const { values: o } = readOptions('results', argv, {
    tasks: text(d.tasks.join(',')),
    out: text(d.out),
    work: text(d.work),
    demos: int(1, Number.MAX_SAFE_INTEGER, d.demos),
    'demo-until': oneOf(['horizon', 'success'], d.demoUntil),
    'noisy-demos': int(1, Number.MAX_SAFE_INTEGER, d.noisyDemos),
    noise: num(0, 10, d.noise),
    episodes: int(1, Number.MAX_SAFE_INTEGER, d.episodes),
    'eval-seed': int(0, SEED_MAX, d.evalSeed),
    envs: int(1, 4096, d.envs),
    workers: int(0, 64, d.workers),
    candidates: int(1, 1024, d.candidates),
    'diffusion-steps': int(1, 100, d.diffusionSteps),
    python: text(d.python),
    threads: int(1, 64, d.threads),
    fresh: flag(),
    'no-mt10': flag(),
    'image-task': text(d.imageTask ?? ''),
    quick: flag(),
  });
  const { tasks: taskList, 'no-mt10': noMt10, 'image-task': imageTask, 'demo-until': demoUntil, 'noisy-demos': noisyDemos, 'eval-seed': evalSeed, 'diffusion-steps': diffusionSteps, ...rest } = o;
  const tasks = taskList.split(',').map((t) => t.trim()).filter(Boolean);
  if (tasks.length === 0 && noMt10 && !imageTask) throw new UsageError(`--tasks: expected one or more task ids separated by commas (or the MT10 or image stages alone), got ${JSON.stringify(taskList)}`);
  const unknown = [...tasks, ...(imageTask ? [imageTask] : [])].filter((t) => !TASKS.has(t));
  if (unknown.length) throw new UsageError(`--tasks: unknown task${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known: ${TASKS.ids().join(', ')}`);
  const config: ResultsConfig = { ...d, ...rest, mt10: !noMt10, imageTask: imageTask || null, tasks: [...new Set(tasks)], demoUntil, noisyDemos, evalSeed, diffusionSteps };
  const demoSeeds = [config.demoSeed, config.demoSeed + config.demos - 1, config.noisySeed, config.noisySeed + config.noisyDemos - 1];
  const lastDemoSeed = Math.max(demoSeeds[1]!, demoSeeds[3]!);
  if (config.evalSeed <= lastDemoSeed && config.evalSeed + config.episodes - 1 >= Math.min(demoSeeds[0]!, demoSeeds[2]!)) {
    throw new UsageError(`--eval-seed ${config.evalSeed}: evaluation seeds must not overlap the demo seeds (${demoSeeds[0]}..${demoSeeds[1]}, ${demoSeeds[2]}..${demoSeeds[3]})`);
  }
  return config;
}

const minutes = (s: number) => (s >= 3600 ? `${(s / 3600).toFixed(1)} h` : s >= 60 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);

/** Run the pipeline; resolves to the exit status (0, 1 when a floor is missed). */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const parsed = parseResultsArgs(argv);
  const config: ResultsConfig = { ...parsed, work: resolve(parsed.work), out: resolve(parsed.out) };
  const root = assetPath('');
  if (config.fresh) rmSync(join(config.work, 'stages'), { recursive: true, force: true });
  const store = new StageStore(config.work);
  const stages = planStages(config);
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const pending = stages.filter((s) => !store.finished(s.key, s.inputs));
  const estimate = pending.reduce((a, s) => a + s.estimate, 0);
  say(`[plan] ${stages.length} stages over ${config.tasks.length} task${config.tasks.length === 1 ? '' : 's'}${config.imageTask ? ', the image policy' : ''}${config.mt10 ? ', MT10' : ''}; ${stages.length - pending.length} finished earlier; ` +
    `the other ${pending.length} should take about ${minutes(estimate)} on an idle 2-core machine${config.quick ? ' (quick run)' : ''}`);

  const rows: ResultsRow[] = [];
  const training: TrainingRow[] = [];
  const times: StageTime[] = [];
  let left = estimate;
  for (const [i, stage] of stages.entries()) {
    const head = `[stage ${i + 1}/${stages.length}] ${stage.label}`;
    const earlier = store.finished(stage.key, stage.inputs);
    let result: unknown;
    let seconds: number;
    if (earlier) {
      say(`${head}: finished earlier (${minutes(earlier.seconds)}), not redone`);
      result = earlier.result;
      seconds = earlier.seconds;
    } else {
      say(`${head}: starting (about ${minutes(stage.estimate)}; about ${minutes(left)} left in all)`);
      const t0 = performance.now();
      result = await runStage(stage, config, root, say);
      seconds = (performance.now() - t0) / 1000;
      store.record(stage.key, stage.inputs, result, seconds);
      left -= stage.estimate;
      say(`${head}: done in ${minutes(seconds)}`);
    }
    times.push({ key: stage.key, kind: stage.kind, seconds, ranNow: !earlier });
    if (stage.kind === 'train') {
      const r = stage.recipe;
      training.push({ task: stage.task, id: r.id, module: r.module, data: r.data, summary: r.summary, run: result as TrainerRun });
    } else if (stage.kind === 'evaluate') {
      rows.push({ task: stage.task, entry: stage.entry, evalSeconds: seconds, ...(result as EvaluationRecord) });
    }
  }

  const report: ResultsReport = {
    config,
    command: `npm run results${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    date: new Date().toISOString().slice(0, 10),
    rows,
    training,
    stages: times,
    floors: checkFloors(rows, times, config.tasks),
  };
  const files: Record<string, string> = { 'results.md': resultsMarkdown(report), 'results.json': resultsJson(report), 'success-rates.svg': resultsBarsSvg(report) };
  for (const task of rowTasks(report)) files[curvesFile(task)] = resultsCurvesSvg(report, task);
  mkdirSync(config.out, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(config.out, name), body);
  say('');
  say(formatTable(['task', 'policy', 'success_once (95% CI)', 'success_at_end (95% CI)'], rows.map((r) => [r.task, r.entry.label, formatRate(r.metrics.successOnce), formatRate(r.metrics.successAtEnd)])));
  for (const f of report.floors) say(`floor ${f.met ? 'met   ' : 'MISSED'} ${f.name}: ${f.measured}`);
  say(`wrote ${Object.keys(files).map((n) => join(parsed.out, n)).join(', ')}`);
  if (config.quick) return 0;
  return report.floors.every((f) => f.met) ? 0 : 1;
}

/** Do one stage's work and return what its record keeps. */
async function runStage(stage: AnyStage, config: ResultsConfig, root: string, say: (line: string) => void): Promise<unknown> {
  switch (stage.kind) {
    case 'collect':
      return { summary: runCollect(stage, root) };
    case 'train':
      return runTrainer(config.python, stage.recipe.module, stage.args, root, (line) => say(`  ${line}`));
    case 'evaluate': {
      const bar = new ProgressBar(`  ${stage.task} ${stage.entry.label}`, config.episodes, process.stdout);
      const settings = { task: stage.task, episodes: config.episodes, seed: config.evalSeed, envs: config.envs, workers: config.workers, ...(stage.benchmark ? { benchmark: stage.benchmark } : {}), images: stage.images === true };
      const r = await evaluateEntry(stage.entry, settings, (done, _total, ok) =>
        bar.update(done, `success_once ${((100 * ok) / Math.max(1, done)).toFixed(1)}%`),
      );
      const record: EvaluationRecord = {
        controlMode: r.controlMode,
        metrics: r.metrics,
        firstSuccess: r.episodes.map((e) => (e.successOnce ? e.length : null)),
        successAtEnd: r.episodes.map((e) => e.successAtEnd),
        horizon: Math.max(0, ...r.episodes.map((e) => e.length)),
      };
      return record;
    }
  }
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
