import { InvalidArgumentError } from '../errors.js';
import { CONTROL_MODES, type ControlMode } from '../robot/controllers/controller-config.js';
import { Robot } from '../robot/robot.js';
import { ROBOTS } from '../robot/robots.js';
import { IMAGE_OBS_MODES } from '../render/image-obs-mode.js';
import { SIM_DEFAULTS, type SimConfig } from '../sim/sim-config.js';
import type { ObsMode, RewardMode, SyncEnv } from './env.js';
import { SimEnv } from './sim-env.js';
import { TASKS } from './registered-tasks.js';
import { ActionChecking } from './wrappers/action-checking.js';
import { OrderEnforcing } from './wrappers/order-enforcing.js';
import { TaskOneHot } from './wrappers/task-one-hot.js';
import { TimeLimit } from './wrappers/time-limit.js';

/** Options of makeEnv; every field has a default. */
export interface MakeEnvOptions {
  controlMode?: ControlMode;
  obsMode?: ObsMode;
  rewardMode?: RewardMode;
  sim?: Partial<SimConfig>;
  /** Override of the task's episode length. */
  maxEpisodeSteps?: number;
  /** Meta-World's benchmark mode: each env's `count` (50) fixed reset variations, drawn from `seed`. */
  variations?: { count: number; seed: number };
  /** Append the task's one-hot id over these tasks (a multi-task benchmark's) as `task_one_hot`. */
  taskOneHot?: readonly string[];
}

const OBS_MODES: readonly ObsMode[] = ['state', 'state_dict'];
const REWARD_MODES: readonly RewardMode[] = ['sparse', 'dense', 'normalized_dense'];
const robots = new Map<string, Robot>();

/** The robot of a registered robot uid, made once per thread. */
export function robotFor(uid: string): Robot {
  let robot = robots.get(uid);
  if (!robot) {
    robot = new Robot(ROBOTS.get(uid));
    robots.set(uid, robot);
  }
  return robot;
}

/** The simulation settings of a registered task (its suite's rates, workspace and table), with overrides. */
export function simConfigFor(id: string, overrides: Partial<SimConfig> = {}): SimConfig {
  return { ...SIM_DEFAULTS, ...TASKS.get(id).sim, ...overrides };
}

/** A registered task's bare SimEnv (no wrappers), for what drives the scene itself (the simulated robot driver). */
export function makeSimEnv(id: string, options: MakeEnvOptions = {}): SimEnv {
  const entry = TASKS.get(id);
  return new SimEnv(entry.create(), robotFor(entry.robot), {
    controlMode: options.controlMode ?? entry.defaultControlMode,
    obsMode: options.obsMode ?? 'state',
    rewardMode: options.rewardMode ?? 'normalized_dense',
    sim: simConfigFor(id, options.sim),
    ...(options.variations ? { variations: options.variations } : {}),
  });
}

/**
 * Make a registered task's simulated env, wrapped (outside in) by order enforcement, action
 * checking and the time limit. @throws RegistryError for an unknown id (listing the known ones),
 * InvalidArgumentError for an unknown mode.
 */
export function makeEnv(id: string, options: MakeEnvOptions = {}): SyncEnv {
  const entry = TASKS.get(id);
  const controlMode = options.controlMode ?? entry.defaultControlMode;
  const obsMode = options.obsMode ?? 'state';
  const rewardMode = options.rewardMode ?? 'normalized_dense';
  oneOf('control mode', controlMode, CONTROL_MODES);
  if ((IMAGE_OBS_MODES as readonly string[]).includes(obsMode)) {
    throw new InvalidArgumentError(`observation mode "${obsMode}" renders cameras, which one renderer does for many envs: open them with CameraVectorEnv.open (tasks/vector/camera-vector-env.ts); makeEnv takes: ${OBS_MODES.join(', ')}`);
  }
  oneOf('observation mode', obsMode, OBS_MODES);
  oneOf('reward mode', rewardMode, REWARD_MODES);
  const sim = makeSimEnv(id, { ...options, controlMode, obsMode, rewardMode });
  const env = options.taskOneHot ? new TaskOneHot(sim, options.taskOneHot) : sim;
  const wrapped = new OrderEnforcing(new ActionChecking(new TimeLimit(env, options.maxEpisodeSteps ?? sim.spec.maxEpisodeSteps)));
  // Wrappers keep a synchronous env synchronous and forward its snapshots and physics.
  return wrapped as unknown as SyncEnv;
}

function oneOf<T extends string>(what: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) throw new InvalidArgumentError(`unknown ${what} "${value}"; expected one of: ${allowed.join(', ')}`);
}
