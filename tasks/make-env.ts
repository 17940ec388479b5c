import { InvalidArgumentError } from '../errors.js';
import { CONTROL_MODES, type ControlMode } from '../robot/controllers/controller-config.js';
import { Robot } from '../robot/robot.js';
import { ROBOTS } from '../robot/robots.js';
import { SimEnv } from './sim-env.js';
import { SIM_DEFAULTS, type SimConfig } from '../sim/sim-config.js';
import type { Env, ObsMode, RewardMode } from './env.js';
import { TASKS } from './registered-tasks.js';
import { ActionChecking } from './wrappers/action-checking.js';
import { OrderEnforcing } from './wrappers/order-enforcing.js';
import { TimeLimit } from './wrappers/time-limit.js';

/** Options of makeEnv; every field has a default. */
export interface MakeEnvOptions {
  controlMode?: ControlMode;
  obsMode?: ObsMode;
  rewardMode?: RewardMode;
  sim?: Partial<SimConfig>;
  /** Override of the task's episode length. */
  maxEpisodeSteps?: number;
}

const OBS_MODES: readonly ObsMode[] = ['state', 'state_dict'];
const REWARD_MODES: readonly RewardMode[] = ['sparse', 'dense', 'normalized_dense'];
const robots = new Map<string, Robot>();

/**
 * Make a registered task's simulated env, wrapped (outside in) by order enforcement, action
 * checking and the time limit. @throws RegistryError for an unknown id (listing the known ones),
 * InvalidArgumentError for an unknown mode.
 */
export function makeEnv(id: string, options: MakeEnvOptions = {}): Env {
  const entry = TASKS.get(id);
  const controlMode = options.controlMode ?? entry.defaultControlMode;
  const obsMode = options.obsMode ?? 'state';
  const rewardMode = options.rewardMode ?? 'normalized_dense';
  oneOf('control mode', controlMode, CONTROL_MODES);
  oneOf('observation mode', obsMode, OBS_MODES);
  oneOf('reward mode', rewardMode, REWARD_MODES);
  let robot = robots.get(entry.robot);
  if (!robot) {
    robot = new Robot(ROBOTS.get(entry.robot));
    robots.set(entry.robot, robot);
  }
  const env = new SimEnv(entry.create(), robot, { controlMode, obsMode, rewardMode, sim: { ...SIM_DEFAULTS, ...entry.sim, ...options.sim } });
  return new OrderEnforcing(new ActionChecking(new TimeLimit(env, options.maxEpisodeSteps ?? env.spec.maxEpisodeSteps)));
}

function oneOf<T extends string>(what: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) throw new InvalidArgumentError(`unknown ${what} "${value}"; expected one of: ${allowed.join(', ')}`);
}
