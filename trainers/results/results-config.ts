/** Settings of the results pipeline (collect -> train -> evaluate -> report); every field has a default. */
export interface ResultsConfig {
  /** Registered task ids, each run through every method (expert, BC, diffusion, V-GPS base, V-GPS). */
  tasks: string[];
  /** Also train and evaluate the Meta-World MT10 multi-task policy (one network, task one-hot). */
  mt10: boolean;
  /** The task of the image policy (camera images and joints only), or null for none. */
  imageTask: string | null;
  /** Folder for the report: results.md, results.json, success-rates.svg, success-curves.svg. */
  out: string;
  /** Folder for demos, models, trainer logs and the records of finished stages. */
  work: string;
  /** Expert demos and the first seed they use (seeds demoSeed .. demoSeed + demos - 1). */
  demos: number;
  demoSeed: number;
  /**
   * Where expert demos end: at the time limit (the expert holding its success, which teaches a
   * policy to stay there: success_at_end) or at the first success (ManiSkill's own demos).
   */
  demoUntil: 'horizon' | 'success';
  /** Noisy (mixed-quality) demos for the V-GPS base and the critic: count, first seed, action noise std. */
  noisyDemos: number;
  noisySeed: number;
  noise: number;
  /** Evaluation episodes per policy and their first seed (disjoint from the demo seeds). */
  episodes: number;
  evalSeed: number;
  /** Envs stepped in lockstep and the worker threads that step them. */
  envs: number;
  workers: number;
  /** V-GPS candidates per step (temperature 0: the best-scored candidate). */
  candidates: number;
  /** DDIM steps for the diffusion policy. */
  diffusionSteps: number;
  /** Interpreter with Debian's python3-torch, python3-h5py, python3-onnx. */
  python: string;
  /** Torch threads per trainer: 2 on an idle 2-core machine; 1 when other work shares the cores. */
  threads: number;
  /** Forget finished stages and redo everything. */
  fresh: boolean;
  /** Smoke run: a few gradient steps per trainer (the floors are then not expected to hold). */
  quick: boolean;
}

/** The tasks of the diffusion floor. */
export const DEFAULT_TASKS = ['PickCube-v1', 'PushCube-v1', 'StackCube-v1', 'PullCube-v1', 'LiftPegUpright-v1'];

/** The defaults: 100 expert demos on seeds 0..99, 100 noisy ones on 100..199, evaluation on 1000..1099. */
export const DEFAULT_RESULTS_CONFIG: ResultsConfig = {
  tasks: DEFAULT_TASKS,
  mt10: true,
  imageTask: 'PushCube-v1',
  out: 'results',
  work: 'out/results',
  demos: 100,
  demoSeed: 0,
  demoUntil: 'horizon',
  noisyDemos: 100,
  noisySeed: 100,
  noise: 0.1,
  episodes: 100,
  evalSeed: 1000,
  envs: 16,
  workers: 1,
  candidates: 10,
  diffusionSteps: 10,
  python: '/usr/bin/python3',
  threads: 2,
  fresh: false,
  quick: false,
};
