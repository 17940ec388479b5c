/** Which demo set a model trains on. */
export type DemoSet = 'expert' | 'noisy';

/** How one model is trained: a Python trainer module, its demos and arguments. */
export interface TrainerRecipe {
  /** Model id; the file is `<work>/<id>.onnx`. */
  id: string;
  /** Python module run with `python -m` from the repository root. */
  module: string;
  data: DemoSet[];
  args: string[];
  /** Arguments appended in a quick (smoke) run to make training short. */
  quickArgs: string[];
  /** One line for the report. */
  summary: string;
  /** Seconds a gradient step takes on the 2-core machine, for the time estimate (idle, --threads 2). */
  secondsPerStep: number;
}

/** The gradient steps a recipe's arguments ask for. */
export function recipeSteps(args: readonly string[]): number {
  const at = args.lastIndexOf('--steps');
  return at >= 0 ? Number(args[at + 1]) : 0;
}

/**
 * The feature set a task's models read (trainers/features.py): PickCube-v1's hand-picked
 * relative features where they exist, every observation element elsewhere.
 */
export function featureArgs(task: string): string[] {
  return ['--features', task === 'PickCube-v1' ? 'relative' : 'all'];
}

/**
 * The four models of the results table. Horizons and step counts are chosen for PickCube-v1
 * demos (4-36 steps long) on a 2-core CPU; trainers/README.md says why.
 */
export const TRAINER_RECIPES: TrainerRecipe[] = [
  {
    id: 'bc',
    module: 'trainers.train_bc',
    data: ['expert'],
    args: ['--obs-horizon', '2', '--pred-horizon', '4', '--action-horizon', '2', '--steps', '10000'],
    quickArgs: ['--steps', '20'],
    summary: 'MLP 512x3, To=2, Tp=4, Ta=2, MSE',
    secondsPerStep: 0.012,
  },
  {
    id: 'diffusion',
    module: 'trainers.train_diffusion',
    data: ['expert'],
    // 4000 steps at lr 1e-3 executing 2 of 8: 93% success_once on seeds 1000..1099 (11 min).
    args: ['--obs-horizon', '2', '--pred-horizon', '8', '--action-horizon', '2', '--steps', '4000', '--lr', '1e-3'],
    quickArgs: ['--steps', '5'],
    summary: 'UNet [64,128,256], To=2, Tp=8, Ta=2, DDPM 100 squared-cosine, epsilon, EMA',
    secondsPerStep: 0.18,
  },
  {
    // The V-GPS base: a diffusion policy on the noisy demos, shorter trained. A Gaussian-head BC
    // there clones the noisy expert's hovering over the cube with the gripper open (it closes
    // only within 4 mm, which noise rarely allows), so none of its samples closes and no critic
    // can pick one; the diffusion model keeps the rare closing actions among its samples.
    id: 'vgps-base',
    module: 'trainers.train_diffusion',
    data: ['noisy'],
    args: ['--obs-horizon', '2', '--pred-horizon', '8', '--action-horizon', '2', '--steps', '2500', '--lr', '1e-3'],
    quickArgs: ['--steps', '5'],
    summary: 'UNet [64,128,256], To=2, Tp=8, Ta=2, as diffusion, 2500 steps',
    secondsPerStep: 0.19,
  },
  {
    id: 'q',
    module: 'trainers.train_iql',
    data: ['noisy', 'expert'],
    // Expectile 0.9 ranks the base's candidates better than 0.8 (V-GPS 32% vs 26% over a 16% base
    // on seeds 1000..1099) and converges in half the steps.
    args: ['--expectile', '0.9', '--steps', '15000'],
    quickArgs: ['--steps', '20'],
    summary: 'IQL twin critics 256x3, gamma 0.95, expectile 0.9',
    secondsPerStep: 0.015,
  },
];

/**
 * The Meta-World MT10 multi-task policy: one BC network over the demos of all ten tasks, each
 * frame carrying its task's one-hot (task_one_hot), as Meta-World's multi-task baselines
 * condition a single network on the task id.
 */
export const MT10_RECIPE: TrainerRecipe = {
  id: 'mt10-bc',
  module: 'trainers.train_bc',
  data: ['expert'],
  args: ['--features', 'all', '--obs-horizon', '2', '--pred-horizon', '4', '--action-horizon', '2', '--steps', '20000'],
  quickArgs: ['--steps', '20'],
  summary: 'MLP 512x3 on 39-d frame + 10-d task one-hot, To=2, Tp=4, Ta=2, MSE, one network for all ten tasks',
  secondsPerStep: 0.012,
};

/**
 * The image policy: BC from the task's camera (and the arm's joints, no object or goal state),
 * trainers/train_image_bc.py, on expert demos recorded with the camera images.
 */
export const IMAGE_RECIPE: TrainerRecipe = {
  id: 'image-bc',
  module: 'trainers.train_image_bc',
  data: ['expert'],
  args: ['--obs-horizon', '2', '--pred-horizon', '4', '--action-horizon', '2', '--steps', '3000'],
  quickArgs: ['--steps', '10'],
  summary: 'CNN (pool 2, 4 stride-2 convs) on the 128x128 base camera + qpos, MLP 512x2, To=2, Tp=4, Ta=2, MSE, random shifts',
  secondsPerStep: 0.2,
};
