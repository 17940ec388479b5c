// A robomimic-layout file of synthetic demos with awkward float values (seeded), for the
// LeRobot round-trip test and the export benchmark.
import type { EnvArgs } from '../../recording/env-args.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { Rng } from '../../math/rng.js';

/** PickCube-like env_args (armkit's keys) for synthetic files. */
export const FIXTURE_ENV_ARGS: EnvArgs = {
  env_name: 'PickCube-v1',
  type: 4,
  env_kwargs: { control_mode: 'pd_ee_delta_pose', obs_mode: 'state', reward_mode: 'dense', sim_freq: 100, control_freq: 20, max_episode_steps: 50 },
  armkit_version: '0.1.0',
  source: 'sim',
};

/** Write `episodes` demos of lengths 3 + (e * 7) % 11 (or `length` each): obs qpos (9) and tcp (3), 8-d actions, 5-d states. */
export async function writeSyntheticDemos(path: string, episodes: number, length?: number): Promise<void> {
  const rng = new Rng(7);
  const writer = Hdf5DemoWriter.create(path, FIXTURE_ENV_ARGS, { overwrite: true });
  for (let e = 0; e < episodes; e++) {
    writer.beginEpisode({ seed: e % 3 === 2 ? null : 100 + e });
    const n = length ?? 3 + ((e * 7) % 11);
    const row = (k: number) => Float32Array.from({ length: k }, () => rng.normal() * 3);
    for (let t = 0; t < n; t++) {
      writer.addStep({
        obs: { qpos: row(9), tcp: row(3) },
        nextObs: { qpos: row(9), tcp: row(3) },
        action: Float32Array.from({ length: 8 }, () => rng.uniform(-1, 1)),
        reward: rng.normal() / 3,
        done: t === n - 1,
        state: Float64Array.from({ length: 5 }, () => rng.normal() * Math.PI),
        intervention: (t + e) % 4 === 0,
      });
    }
    await writer.endEpisode({ success: e % 2 === 0 });
  }
  await writer.close();
}
