/** Settings of the results pipeline (collect -> train -> evaluate -> report); every field has a default. */
export interface ResultsConfig {
  /** Task id; the recipes are written for PickCube-v1's state observations. */
  task: string;
  /** Folder for the report: results.md, results.json, success-rates.svg, success-curves.svg. */
  out: string;
  /** Folder for demos, models and trainer logs. */
  work: string;
  /** Expert demos and the first seed they use (seeds demoSeed .. demoSeed + demos - 1). */
  demos: number;
  demoSeed: number;
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
  /** Keep demo files and models that already exist in `work` instead of remaking them. */
  reuse: boolean;
  /** Smoke run: a few gradient steps per trainer (the floors are then not expected to hold). */
  quick: boolean;
}

/** The defaults: 100 expert demos on seeds 0..99, 100 noisy ones on 100..199, evaluation on 1000..1099. */
export const DEFAULT_RESULTS_CONFIG: ResultsConfig = {
  task: 'PickCube-v1',
  out: 'results',
  work: 'out/results',
  demos: 100,
  demoSeed: 0,
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
  reuse: false,
  quick: false,
};
