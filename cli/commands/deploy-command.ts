import { checkWritable, writeOutput } from '../write-output.js';
import { quantile, type RateKeeper } from '../../hardware/rate-keeper.js';
import type { KeySource } from '../../hardware/input/key-source.js';
import { StdinKeys } from '../../hardware/input/stdin-keys.js';
import { TeleopOverride } from '../../hardware/input/teleop-override.js';
import { envArgsFor } from '../../recording/env-args.js';
import { Hdf5DemoWriter } from '../../recording/hdf5-demo-writer.js';
import { McapRunLog } from '../../recording/mcap-run-log.js';
import { TeeSink } from '../../recording/tee-sink.js';
import { createObservation } from '../../hardware/robot-driver.js';
import { rollout, type RolloutResult } from '../../rollout/rollout.js';
import type { Command } from '../command.js';
import { openRobot } from '../open-robot.js';
import { Recovery } from '../robot-recovery.js';
import { CONTROL_MODES } from '../../robot/controllers/controller-config.js';
import { SEED_MAX, checkSeeds, flag, int, oneOf, readOptions, refuseGiven, required, text } from '../options.js';
import { resolvePolicy } from '../policy-choices.js';
import { ProgressBar } from '../progress-bar.js';
import { SignalStop } from '../signal-stop.js';
import { LiveViewServer } from '../../viewer/live-view-server.js';

const USAGE = `armkit deploy --robot CONFIG|sim:TASK --policy MODEL|scripted [--rerank Q] [--candidates K] [--episodes N]
                [--max-steps T] [--retries R] [--seed S] [--record FILE.hdf5] [--log RUN.mcap] [--json FILE] [--no-keys]
                [--control-mode MODE]   (a simulated robot's mode, when the model does not record one)
                [--view [--view-port P]]  (a live 3-D view in the browser: the sim's scene, or a real arm's joint states, commands, holds and interventions)`;

const KEYS = 'keys: e e-stop, c clear e-stop, a re-arm, s/f success/failure (key detector), r scene reset done, t human override (keyboard teleop, pd_ee_delta_pose)';

/**
 * `armkit deploy`: run a policy on a robot (real, twin or sim) through the same RobotEnv and
 * rollout as `armkit eval --robot`, plus the operator's keys (e-stop, re-arm, human override),
 * retries and recording.
 */
export const deployCommand: Command = {
  name: 'deploy',
  summary: 'run a policy on a robot over ROS (or the sim) at its control rate, with safety, resets, detectors and recording',
  usage: USAGE,
  async run(argv) {
    const { values: o, given } = readOptions('deploy', argv, {
      robot: required('a robot config file or sim:TASK'),
      policy: required('"scripted" or a path to an .onnx model'),
      rerank: text(),
      candidates: int(1, 1024, 10),
      episodes: int(1, SEED_MAX + 1, 10),
      'max-steps': int(1),
      retries: int(0, 100, 0),
      seed: int(0, SEED_MAX, 0),
      record: text(),
      log: text(),
      json: text(),
      'control-mode': oneOf(CONTROL_MODES),
      'no-keys': flag(),
      view: flag(),
      'view-port': int(0, 65535, 0),
    });
    if (!o.view) refuseGiven('deploy', given, ['view-port'], 'with --view');
    const { episodes, seed, retries, candidates } = o;
    checkSeeds('deploy', seed, episodes);
    if (o.policy === 'scripted') refuseGiven('deploy', given, ['rerank', 'candidates'], 'to .onnx model policies');
    if (!o.rerank) refuseGiven('deploy', given, ['candidates'], 'with --rerank Q.onnx');
    for (const path of [o.record, o.log, o.json]) if (path) checkWritable(path);
    const log = (l: string) => process.stderr.write(`armkit deploy: ${l}\n`);
    const choice = await resolvePolicy(o.policy);
    let stdinKeys: (KeySource & Partial<Disposable>) | null = null;
    if (!o['no-keys'] && process.stdin.isTTY) stdinKeys = new StdinKeys();
    // 't' hands the arm to keyboard teleop and back; the steps it drives are recorded as interventions.
    const override = stdinKeys ? new TeleopOverride(stdinKeys, 't', 'e', (on) => log(on ? 'human override: keyboard teleop has the arm (t gives it back)' : 'policy has the arm')) : null;
    const keys: KeySource | null = override;
    try {
      await using robot = await openRobot(o.robot, { keys, log, controlModeFor: (id) => o['control-mode'] ?? choice.controlMode(id), ...(o['max-steps'] !== undefined ? { maxSteps: o['max-steps'] } : {}) });
      const { driver, env, vec } = robot;
      // One intra-op thread: a batch of one is not worth a thread pool whose spinning workers
      // would compete with the control loop for the CPU.
      const load = { execution: { intraOpThreads: 1, interOpThreads: 1 }, ...(o.rerank ? { rerank: o.rerank, candidates } : {}) };
      await using policy = await choice.create({ task: robot.taskId, observationSpace: vec.observationSpace, actionSpace: vec.actionSpace, seed, load });
      keys?.onKey((k) => {
        if (k === 'e') driver.estop.trigger('key', 'operator pressed e');
        if (k === 'c') driver.estop.clear();
      });
      // From here a signal ends the run between steps: the recording is closed and the report written.
      using stop = new SignalStop();
      // Closed however the run ends: the finished episodes and the masks are on disk.
      await using demos = o.record
        ? Hdf5DemoWriter.create(o.record, envArgsFor(vec.spec, driver.name))
        : undefined;
      // The run log for Foxglove and `armkit dataset import`: joint states, commands, holds, detections.
      await using runLog = o.log
        ? await McapRunLog.create(o.log, {
            envArgs: envArgsFor(vec.spec, driver.name),
            fields: vec.observationSpace.fields.map((f) => ({ key: f.key, size: f.size })),
            robot: driver.name,
            task: robot.taskId,
            jointNames: [...driver.robot.description.armJoints, ...driver.robot.description.gripperJoints],
          })
        : undefined;
      await using tee = new TeeSink(demos, runLog);
      const sink = tee.size > 0 ? tee : undefined;
      const state = createObservation(driver.robot);
      if (keys) log(KEYS);
      // The run waits for the page, so that it sees every step. A simulated robot shows its scene; a real arm its joint states.
      const viewOptions = { port: o['view-port'], episodes, name: 'armkit deploy --view' };
      await using live = !o.view ? null : driver.sim ? await LiveViewServer.start(vec, vec.spec.maxEpisodeSteps, viewOptions) : await LiveViewServer.startRobot(driver, () => env.lastSend, robot.taskId, o['max-steps'] ?? env.spec.maxEpisodeSteps, viewOptions);
      if (live) {
        log(`open ${live.url} to watch; the run starts when the page connects`);
        await live.waitForPage();
      }
      const bar = new ProgressBar(`deploy ${driver.name}`, episodes);
      const latency: number[] = [];
      const inference: number[] = [];
      const recovery = new Recovery(driver, keys, log);
      // One env: the episode in progress is the count of those done (the view's interrupt marks).
      let episodesDone = 0;
      const result = await rollout(vec, policy, {
        episodes,
        seed,
        endOn: 'done',
        retries,
        stop: stop.signal,
        ...(sink ? { sink } : {}),
        episodeAttrs: { robot: driver.name },
        ...(override && env.spec.controlMode === 'pd_ee_delta_pose' ? { teleop: override } : {}),
        onInterrupt: (e) => {
          live?.onInterrupt(episodesDone, e.message);
          return Promise.race([recovery.recover(e.message), stop.stopped]);
        },
        interruptOnRemoteFailure: true,
        onStep: (s) => {
          live?.onStep(s);
          if (Number.isFinite(env.timing.latencyMs)) latency.push(env.timing.latencyMs);
          inference.push(env.timing.inferenceMs);
          const sent = env.lastSend;
          if (runLog && sent) {
            driver.getObservation(state);
            runLog.logStep({ step: s.t, state, sent, action: s.action, latencyMs: env.timing.latencyMs, reward: s.reward, success: s.success, intervention: s.intervention });
          }
        },
        onEpisode: (e, done) => {
          episodesDone = done;
          recovery.episodeDone();
          bar.update(done, e.successOnce ? 'success' : 'failure');
        },
      });
      const report = { robot: driver.name, task: robot.taskId, ...summarize(result, stop.received), timing: timing(env.rateKeeper, driver.sim ? Infinity : driver.controlHz, latency, inference) };
      await tee.close();
      process.stdout.write(summary(report));
      await live?.finish(`${report.successes}/${report.episodes.length} episodes succeeded, ${report.interruptions} interruptions`);
      if (o.json) writeOutput(o.json, `${JSON.stringify(report, null, 2)}\n`);
      return stop.exitCode(report.errors.length > 0 ? 1 : 0);
    } finally {
      stdinKeys?.[Symbol.dispose]?.();
    }
  },
};

function summarize(r: RolloutResult, signal: string | null) {
  return {
    episodes: r.episodes,
    successes: r.episodes.filter((e) => e.successOnce).length,
    interruptions: r.interruptions,
    errors: r.stoppedBy && r.stoppedBy !== signal ? [r.stoppedBy] : [],
    /** The signal (SIGINT, SIGTERM) that ended the run, the episode in progress discarded. */
    stoppedBy: signal,
  };
}

// The control loop's tick jitter and overruns, and each step's latency and inference time, ms.
function timing(keeper: RateKeeper, controlHz: number, latency: number[], inference: number[]) {
  const jitter = keeper.jitter();
  return {
    controlHz,
    ticks: jitter.length + 1,
    jitterMedianMs: quantile(jitter, 0.5),
    jitterP99Ms: quantile(jitter, 0.99),
    overruns: keeper.overruns,
    latencyMedianMs: quantile(latency, 0.5),
    latencyP99Ms: quantile(latency, 0.99),
    inferenceMedianMs: quantile(inference, 0.5),
    inferenceP99Ms: quantile(inference, 0.99),
  };
}

function summary(r: ReturnType<typeof summarize> & { timing: ReturnType<typeof timing> }): string {
  const t = r.timing;
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-');
  return (
    `${r.successes}/${r.episodes.length} episodes succeeded (${r.episodes.reduce((s, e) => s + e.attempts, 0)} attempts, ${r.interruptions} interruptions, ` +
    `${r.episodes.reduce((s, e) => s + e.interventions, 0)} human steps)\n` +
    `control ${Number.isFinite(t.controlHz) ? `${t.controlHz} Hz` : 'unpaced'}: jitter median ${f(t.jitterMedianMs)} ms, p99 ${f(t.jitterP99Ms)} ms, ${t.overruns} overruns; ` +
    `latency from the observation acted on to the wire: median ${f(t.latencyMedianMs)} ms, p99 ${f(t.latencyP99Ms)} ms ` +
    `(of which policy inference median ${f(t.inferenceMedianMs)} ms, p99 ${f(t.inferenceP99Ms)} ms)\n` +
    r.errors.map((e) => `error: ${e}\n`).join('') +
    (r.stoppedBy ? `stopped by ${r.stoppedBy}: the episode in progress discarded, ${r.episodes.length} kept\n` : '')
  );
}
