import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultsEntry } from './evaluate-entry.js';
import type { ResultsConfig } from './results-config.js';
import { TrainerRunError } from './run-trainer.js';
import { METAWORLD_BENCHMARKS } from '../../tasks/metaworld/benchmarks.js';
import { IMAGE_RECIPE, MT10_RECIPE, TRAINER_RECIPES, featureArgs, recipeSteps, type DemoSet, type TrainerRecipe } from './trainer-recipes.js';

/** One unit of work of a results run; a finished one is recorded and not redone (StageStore). */
export interface Stage {
  /** Unique and stable across runs: `<task or suite>/<kind>/<id>`. */
  key: string;
  /** The task it runs on; for the multi-task model's training, the suite (MT10). */
  task: string;
  kind: 'collect' | 'train' | 'evaluate';
  /** The demo set, model or policy the stage makes or measures. */
  id: string;
  label: string;
  /** Everything the stage's output depends on: a record made with other inputs is stale. */
  inputs: unknown;
  /** Seconds it is expected to take on the 2-core machine, for the estimate printed first. */
  estimate: number;
}

export interface CollectStage extends Stage {
  kind: 'collect';
  args: string[];
  file: string;
}

export interface TrainStage extends Stage {
  kind: 'train';
  recipe: TrainerRecipe;
  args: string[];
  model: string;
}

export interface EvaluateStage extends Stage {
  kind: 'evaluate';
  entry: ResultsEntry;
  /** Evaluate in this Meta-World suite's benchmark mode (fixed variations, the task one-hot). */
  benchmark?: 'MT10';
  /** Evaluate on camera images rendered into the observation. */
  images?: boolean;
}

export type AnyStage = CollectStage | TrainStage | EvaluateStage;

// Seconds per episode, measured on PickCube-v1 at 50 control steps: the collectors, and
// evaluation by policy kind (V-GPS samples `candidates` chunks and scores them at every plan).
const COLLECT_SECONDS = 0.03;
const EVAL_SECONDS: Record<string, number> = { expert: 0.03, bc: 0.1, diffusion: 0.25, 'vgps-base': 0.25, vgps: 1.2, 'mt10-bc': 1.0, 'image-bc': 0.6 };
// Rendering the camera every step: about 200 frames a second.
const RGB_COLLECT_SECONDS = 0.3;
// Meta-World episodes run 500 control steps at 80 Hz; collecting stops at success (about 60 steps).
const MT10_COLLECT_SECONDS = 0.1;
const TRAINER_START_SECONDS = 10;

/** The folder of one task's demos and models. */
export function taskFolder(config: ResultsConfig, task: string): string {
  return join(config.work, task);
}

/** Every stage of the run, in order: per task, demos, then models, then evaluations. */
export function planStages(config: ResultsConfig): AnyStage[] {
  const stages: AnyStage[] = [];
  for (const task of config.tasks) {
    const dir = taskFolder(config, task);
    mkdirSync(dir, { recursive: true });
    const demoFile: Record<DemoSet, string> = { expert: join(dir, 'expert.hdf5'), noisy: join(dir, 'noisy.hdf5') };
    for (const set of ['expert', 'noisy'] as const) {
      const noisy = set === 'noisy';
      const episodes = noisy ? config.noisyDemos : config.demos;
      const args = ['collect', '--task', task, '--policy', 'scripted', '--episodes', String(episodes), '--seed', String(noisy ? config.noisySeed : config.demoSeed),
        '--until', noisy ? 'success' : config.demoUntil, ...(noisy ? ['--noise', String(config.noise)] : [])];
      stages.push({ key: `${task}/collect/${set}`, task, kind: 'collect', id: set, label: `${task}: collect ${episodes} ${set} demos`, inputs: args, estimate: episodes * COLLECT_SECONDS + 1, args, file: demoFile[set] });
    }
    for (const recipe of TRAINER_RECIPES) {
      const model = join(dir, `${recipe.id}.onnx`);
      const trainerArgs = [...recipe.args, ...featureArgs(task), '--threads', String(config.threads), ...(config.quick ? recipe.quickArgs : [])];
      const args = ['--data', ...recipe.data.map((s) => demoFile[s]), '--out', model, ...trainerArgs];
      // The demos' own inputs stand for the data: a re-collected set retrains its models.
      const inputs = { module: recipe.module, args: trainerArgs, data: recipe.data.map((s) => stages.find((st) => st.key === `${task}/collect/${s}`)!.inputs) };
      stages.push({ key: `${task}/train/${recipe.id}`, task, kind: 'train', id: recipe.id, label: `${task}: train ${recipe.id}`, inputs, estimate: TRAINER_START_SECONDS + recipeSteps(trainerArgs) * recipe.secondsPerStep, recipe, args, model });
    }
    for (const entry of evaluationEntries(config, dir)) {
      const models = stages.filter((s): s is TrainStage => s.kind === 'train' && s.task === task && (entry.policy === s.model || entry.load?.rerank === s.model));
      const inputs = { policy: entry.id, load: entry.load ?? {}, episodes: config.episodes, seed: config.evalSeed, models: models.map((m) => m.inputs) };
      stages.push({ key: `${task}/evaluate/${entry.id}`, task, kind: 'evaluate', id: entry.id, label: `${task}: evaluate ${entry.label}`, inputs, estimate: config.episodes * (EVAL_SECONDS[entry.id] ?? 0.3), entry });
    }
  }
  if (config.imageTask) stages.push(...imageStages(config, config.imageTask));
  if (config.mt10) stages.push(...mt10Stages(config));
  return stages;
}

/** The image policy's stages: expert demos with the camera images, the model, its evaluation on rendered images. */
function imageStages(config: ResultsConfig, task: string): AnyStage[] {
  const dir = taskFolder(config, task);
  mkdirSync(dir, { recursive: true });
  const args = ['collect', '--task', task, '--policy', 'scripted', '--episodes', String(config.demos), '--seed', String(config.demoSeed), '--until', config.demoUntil, '--obs-mode', 'rgb'];
  const collect: CollectStage = { key: `${task}/collect/rgb`, task, kind: 'collect', id: 'rgb', label: `${task}: collect ${config.demos} expert demos with camera images`, inputs: args, estimate: config.demos * RGB_COLLECT_SECONDS + 5, args, file: join(dir, 'expert-rgb.hdf5') };
  const recipe = IMAGE_RECIPE;
  const model = join(dir, `${recipe.id}.onnx`);
  const trainerArgs = [...recipe.args, '--threads', String(config.threads), ...(config.quick ? recipe.quickArgs : [])];
  const train: TrainStage = {
    key: `${task}/train/${recipe.id}`, task, kind: 'train', id: recipe.id, label: `${task}: train ${recipe.id}`, inputs: { module: recipe.module, args: trainerArgs, data: [collect.inputs] },
    estimate: TRAINER_START_SECONDS + recipeSteps(trainerArgs) * recipe.secondsPerStep, recipe, args: ['--data', collect.file, '--out', model, ...trainerArgs], model,
  };
  const entry: ResultsEntry = { id: recipe.id, label: 'image BC', policy: model, trainedOn: `${config.demos} expert demos, camera images + joints only` };
  const evaluate: EvaluateStage = {
    key: `${task}/evaluate/${recipe.id}`, task, kind: 'evaluate', id: recipe.id, label: `${task}: evaluate ${entry.label} on rendered images`,
    inputs: { policy: recipe.id, episodes: config.episodes, seed: config.evalSeed, images: true, models: [train.inputs] }, estimate: config.episodes * EVAL_SECONDS[recipe.id]! + 5, entry, images: true,
  };
  return [collect, train, evaluate];
}

/**
 * The MT10 multi-task policy's stages: expert demos of each of the ten tasks with the task
 * one-hot, one network trained on all of them, then each task evaluated in benchmark mode.
 */
function mt10Stages(config: ResultsConfig): AnyStage[] {
  const suite = 'MT10';
  const dir = join(config.work, suite);
  mkdirSync(dir, { recursive: true });
  const collects: CollectStage[] = METAWORLD_BENCHMARKS.MT10.map((task) => {
    const args = ['collect', '--task', task, '--policy', 'scripted', '--episodes', String(config.demos), '--seed', String(config.demoSeed), '--until', 'success', '--task-one-hot', suite];
    return { key: `${suite}/collect/${task}`, task, kind: 'collect', id: 'expert', label: `${suite}: collect ${config.demos} ${task} demos`, inputs: args, estimate: config.demos * MT10_COLLECT_SECONDS + 1, args, file: join(dir, `${task}.hdf5`) };
  });
  const recipe = MT10_RECIPE;
  const model = join(dir, `${recipe.id}.onnx`);
  const trainerArgs = [...recipe.args, '--threads', String(config.threads), ...(config.quick ? recipe.quickArgs : [])];
  const train: TrainStage = {
    key: `${suite}/train/${recipe.id}`, task: suite, kind: 'train', id: recipe.id, label: `${suite}: train ${recipe.id} on all ten tasks`,
    inputs: { module: recipe.module, args: trainerArgs, data: collects.map((c) => c.inputs) },
    estimate: TRAINER_START_SECONDS + recipeSteps(trainerArgs) * recipe.secondsPerStep, recipe, args: ['--data', ...collects.map((c) => c.file), '--out', model, ...trainerArgs], model,
  };
  const entry: ResultsEntry = { id: recipe.id, label: 'MT10 BC', policy: model, trainedOn: `${config.demos} expert demos of each MT10 task` };
  const evaluations: EvaluateStage[] = METAWORLD_BENCHMARKS.MT10.map((task) => ({
    key: `${suite}/evaluate/${task}`, task, kind: 'evaluate', id: recipe.id, label: `${suite}: evaluate ${entry.label} on ${task} (benchmark mode)`,
    inputs: { policy: recipe.id, episodes: config.episodes, seed: config.evalSeed, benchmark: suite, models: [train.inputs] }, estimate: config.episodes * EVAL_SECONDS[recipe.id]!, entry, benchmark: suite,
  }));
  return [...collects, train, ...evaluations];
}

/** The five policies of each task's table, the trained ones read from `dir`. */
function evaluationEntries(config: ResultsConfig, dir: string): ResultsEntry[] {
  const model = (id: string) => join(dir, `${id}.onnx`);
  const diffusion = { inferenceSteps: config.diffusionSteps };
  return [
    { id: 'expert', label: 'expert', policy: 'scripted', trainedOn: '(scripted)' },
    { id: 'bc', label: 'BC', policy: model('bc'), trainedOn: `${config.demos} expert demos` },
    { id: 'diffusion', label: 'diffusion', policy: model('diffusion'), load: diffusion, trainedOn: `${config.demos} expert demos` },
    { id: 'vgps-base', label: 'V-GPS base', policy: model('vgps-base'), load: diffusion, trainedOn: `${config.noisyDemos} noisy demos` },
    {
      id: 'vgps',
      label: 'V-GPS',
      policy: model('vgps-base'),
      load: { rerank: model('q'), candidates: config.candidates, temperature: 0, ...diffusion },
      trainedOn: `base + IQL Q on ${config.noisyDemos} noisy + ${config.demos} expert demos`,
    },
  ];
}

/** Record demos with `armkit collect` (a child process, as a user would run it). */
export function runCollect(stage: CollectStage, root: string): string {
  const args = [...stage.args, '--out', stage.file, '--overwrite', '--quiet'];
  const r = spawnSync(process.execPath, [join(root, 'bin', 'armkit.js'), ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new TrainerRunError(`armkit collect (${stage.key}) exited with status ${r.status}: ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout.trim();
}
