import { writeFileSync } from 'node:fs';
import { buildDetector } from '../../hardware/detectors/build-detector.js';
import { loadPolicy } from '../../hardware/deploy/load-policy.js';
import { runDeploy, type DeployReport } from '../../hardware/deploy/run-deploy.js';
import { DeployError } from '../../hardware/hardware-errors.js';
import type { KeySource } from '../../hardware/input/key-source.js';
import { StdinKeys } from '../../hardware/input/stdin-keys.js';
import { TeleopOverride } from '../../hardware/input/teleop-override.js';
import { buildReset } from '../../hardware/resets/build-reset.js';
import { DRIVER_KINDS, readRobotConfig } from '../../hardware/robot-config.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { armkitVersion } from '../../recording/env-args.js';
import type { Command } from '../command.js';
import { intOption, parseOptions } from '../parse-options.js';
import { ProgressBar } from '../progress-bar.js';

const USAGE = `armkit deploy --robot CONFIG|sim:TASK --policy MODEL [--rerank Q] [--candidates K] [--episodes N]
                [--max-steps T] [--retries R] [--seed S] [--record FILE.hdf5] [--json FILE] [--no-keys]`;

const KEYS = 'keys: e e-stop, c clear e-stop, a re-arm, s/f success/failure (key detector), r scene reset done, t human override (keyboard teleop, pd_ee_delta_pose)';

/** `armkit deploy`: run a policy on a robot (real, twin or sim) with the same loop, detectors, resets and recording. */
export const deployCommand: Command = {
  name: 'deploy',
  summary: 'run a policy on a robot over ROS (or the sim) at its control rate, with safety, resets, detectors and recording',
  usage: USAGE,
  async run(argv) {
    const { values } = parseOptions('deploy', argv, {
      robot: { type: 'string' },
      policy: { type: 'string' },
      rerank: { type: 'string' },
      candidates: { type: 'string' },
      episodes: { type: 'string' },
      'max-steps': { type: 'string' },
      retries: { type: 'string' },
      seed: { type: 'string' },
      record: { type: 'string' },
      json: { type: 'string' },
      'no-keys': { type: 'boolean', default: false },
    });
    if (!values.robot || !values.policy) throw new DeployError(`--robot and --policy are required\nusage: ${USAGE}`);
    const episodes = intOption('episodes', values.episodes, 10, 1);
    const maxSteps = intOption('max-steps', values['max-steps'], 50, 1);
    const seed = intOption('seed', values.seed, 0, 0);
    const log = (l: string) => process.stderr.write(`armkit deploy: ${l}\n`);
    const file = readRobotConfig(values.robot);
    let stdinKeys: (KeySource & Partial<Disposable>) | null = null;
    if (!values['no-keys'] && process.stdin.isTTY) stdinKeys = new StdinKeys();
    // 't' hands the arm to keyboard teleop and back; the steps it drives are recorded as interventions.
    const override = stdinKeys ? new TeleopOverride(stdinKeys, 't', 'e', (on) => log(on ? 'human override: keyboard teleop has the arm (t gives it back)' : 'policy has the arm')) : null;
    const keys: KeySource | null = override;
    const driver = DRIVER_KINDS.get(String(file.driver['driver'])).create(file.driver, log);
    try {
      await using loaded = await loadPolicy(values.policy, { rerank: values.rerank, candidates: intOption('candidates', values.candidates, 10, 1), seed });
      if (loaded.actionDim !== driver.actionFeatures.size) {
        throw new DeployError(`the policy acts in ${loaded.actionDim} dims, the robot's ${driver.actionFeatures.controlMode} takes ${driver.actionFeatures.size}`);
      }
      const detector = await buildDetector(file.detector ?? { kind: driver.evaluate ? 'task' : 'key' }, 'robot.detector', { keys });
      const reset = buildReset(file.reset, 'robot.reset', keys, log);
      keys?.onKey((k) => {
        if (k === 'e') driver.estop.trigger('key', 'operator pressed e');
        if (k === 'c') driver.estop.clear();
      });
      const confirmRearm = () =>
        keys
          ? new Promise<boolean>((resolve) => {
              log('robot back: press "a" to re-arm, "q" to stop');
              const off = keys!.onKey((k) => {
                if (k === 'a' || k === 'q') {
                  off();
                  resolve(k === 'a');
                }
              });
            })
          : Promise.resolve(false);
      const sink = values.record
        ? Hdf5DemoWriter.create(values.record, {
            env_name: String(file.driver['task'] ?? 'real'),
            type: 4,
            env_kwargs: { control_mode: driver.actionFeatures.controlMode, obs_mode: 'state', reward_mode: 'sparse', sim_freq: driver.controlHz, control_freq: driver.controlHz, max_episode_steps: maxSteps },
            armkit_version: armkitVersion(),
            source: driver.name,
          })
        : undefined;
      await driver.connect();
      if (keys) log(KEYS);
      const bar = new ProgressBar(`deploy ${driver.name}`, episodes);
      const report = await runDeploy(driver, loaded.policy, {
        episodes,
        maxSteps,
        seed,
        retries: intOption('retries', values.retries, 0, 0, 100),
        realTime: !driver.evaluate,
        layout: loaded.layout,
        detector,
        reset,
        sink,
        confirmRearm,
        ...(override && driver.actionFeatures.controlMode === 'pd_ee_delta_pose' ? { teleop: override } : {}),
        log,
        onEpisode: (o) => bar.update(o.episode + 1, o.success ? 'success' : 'failure'),
      });
      await sink?.close();
      await detector.dispose?.();
      process.stdout.write(summary(report));
      if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
      return report.errors.length > 0 ? 1 : 0;
    } finally {
      await driver.disconnect();
      stdinKeys?.[Symbol.dispose]?.();
    }
  },
};

function summary(r: DeployReport): string {
  const t = r.timing;
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
  return (
    `${r.successes}/${r.episodes.length} episodes succeeded (${r.episodes.reduce((s, e) => s + e.attempts, 0)} attempts, ${r.interruptions} interruptions, ` +
    `${r.episodes.reduce((s, e) => s + e.interventions, 0)} human steps)\n` +
    `control ${Number.isFinite(t.controlHz) ? `${t.controlHz} Hz` : 'unpaced'}: jitter median ${f(t.jitterMedianMs)} ms, p99 ${f(t.jitterP99Ms)} ms, ${t.overruns} overruns; ` +
    `obs->command latency median ${f(t.latencyMedianMs)} ms, p99 ${f(t.latencyP99Ms)} ms\n` +
    r.errors.map((e) => `error: ${e}\n`).join('')
  );
}
