import type { Detector } from '../../hardware/detectors/detector.js';
import type { EpisodeReset } from '../../hardware/resets/episode-reset.js';
import type { RobotDriver } from '../../hardware/robot-driver.js';
import { RobotEnv } from '../../hardware/robot-env.js';
import { bindPolicy } from '../../policies/bind-policy.js';
import { loadPolicy } from '../../policies/load-policy.js';
import type { Policy } from '../../policies/policy.js';
import type { EpisodeSink } from '../../recording/episode-sink.js';
import { rollout, type RolloutResult, type TeleopSource } from '../../rollout/rollout.js';
import { PickCube } from '../../tasks/maniskill/pick-cube.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import { TimeLimit } from '../../tasks/wrappers/time-limit.js';
import type { EpisodeInterruptedError } from '../../tasks/env-errors.js';
import { modelPath } from '../policies/fixtures.js';

/** What a deploy run in a test is given. */
export interface RobotRun {
  episodes: number;
  maxSteps: number;
  seed?: number;
  retries?: number;
  realTime: boolean;
  detector: Detector;
  reset: EpisodeReset;
  sink?: EpisodeSink;
  teleop?: TeleopSource;
  onInterrupt?: (error: EpisodeInterruptedError) => Promise<boolean>;
  /** Wraps the loaded policy (to watch its calls). */
  wrap?: (p: Policy) => Policy;
}

/** Run the BC fixture on a driver through RobotEnv (PickCube's observation) and the one rollout, as `armkit deploy` does. */
export async function runRobot(driver: RobotDriver, o: RobotRun): Promise<RolloutResult & { env: RobotEnv }> {
  const env = new RobotEnv(driver, { task: new PickCube(), detector: o.detector, reset: o.reset, realTime: o.realTime, perception: { grasped: 'is_grasped' } });
  const vec = new SyncVectorEnv([new TimeLimit(env, o.maxSteps)]);
  const loaded = await loadPolicy(modelPath('bc-mlp'), { execution: { intraOpThreads: 1, interOpThreads: 1 } });
  const bound = bindPolicy(loaded, vec.observationSpace, vec.actionSpace);
  const policy = o.wrap ? o.wrap(bound) : bound;
  try {
    const r = await rollout(vec, policy, {
      episodes: o.episodes,
      seed: o.seed ?? 0,
      endOn: 'done',
      retries: o.retries ?? 0,
      ...(o.sink ? { sink: o.sink } : {}),
      ...(o.teleop ? { teleop: o.teleop } : {}),
      ...(o.onInterrupt ? { onInterrupt: o.onInterrupt } : {}),
    });
    return { ...r, env };
  } finally {
    await policy.dispose();
  }
}
