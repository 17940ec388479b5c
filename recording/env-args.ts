import { readFileSync } from 'node:fs';
import { assetPath } from '../robot/asset-path.js';
import type { EnvSpec } from '../tasks/env.js';

/**
 * robomimic's `data.attrs["env_args"]`: which env made the data and how, so it can be remade.
 * `env_name` and `type` are robomimic's keys; `env_kwargs` holds armkit's modes and rates.
 */
export interface EnvArgs {
  env_name: string;
  /** robomimic's env type id; armkit registers its own (4) as it is no robosuite/gym env. */
  type: number;
  env_kwargs: {
    control_mode: string;
    obs_mode: string;
    reward_mode: string;
    sim_freq: number;
    control_freq: number;
    max_episode_steps: number;
    /** The multi-task suite (MT10, MT50) whose one-hot the observations carry as `task_one_hot`. */
    task_one_hot?: string;
  };
  armkit_version: string;
  /** 'sim' for the Rapier sim, else the robot config's name. */
  source: string;
}

/** The armkit env type id used in env_args.type. */
export const ARMKIT_ENV_TYPE = 4;

let version: string | null = null;

/** The package version, read once. */
export function armkitVersion(): string {
  version ??= (JSON.parse(readFileSync(assetPath('package.json'), 'utf8')) as { version: string }).version;
  return version;
}

/** env_args for an env of `spec` in the sim. */
export function envArgsFor(spec: EnvSpec, source = 'sim'): EnvArgs {
  return {
    env_name: spec.id,
    type: ARMKIT_ENV_TYPE,
    env_kwargs: {
      control_mode: spec.controlMode,
      obs_mode: spec.obsMode,
      reward_mode: spec.rewardMode,
      sim_freq: spec.simHz,
      control_freq: spec.controlHz,
      max_episode_steps: spec.maxEpisodeSteps,
    },
    armkit_version: armkitVersion(),
    source,
  };
}
