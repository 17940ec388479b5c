import type { ObservationLayout } from '../../policies/observation-layout.js';
import type { EpisodeSink } from '../../recording/episode-sink.js';
import type { BatchPolicy } from '../../tasks/evaluation/batch-policy.js';
import type { Detector } from '../detectors/detector.js';
import { createObservation, type RobotDriver } from '../robot-driver.js';
import type { EpisodeReset } from '../resets/episode-reset.js';
import { ObservationAssembler } from './observation-assembler.js';
import { RateKeeper, quantile } from './rate-keeper.js';

/** A human taking over: while engaged, its actions replace the policy's and are flagged as interventions. */
export interface TeleopSource {
  readonly engaged: boolean;
  /** This step's action in the driver's control mode, into `target`. */
  nextAction(target: Float32Array): Float32Array;
}

/** Options of runDeploy. */
export interface DeployOptions {
  episodes: number;
  /** Time limit, control steps. */
  maxSteps: number;
  /** Episode k uses seed + k. */
  seed: number;
  /** Retries of a failed episode from a fresh arm reset (Robot Utility Models' verifier-and-retry); default 0. */
  retries?: number;
  /** Keep the driver's control rate (real arms, the twin); false runs a sim unpaced. */
  realTime: boolean;
  /** The policy's observation keys and order. */
  layout: ObservationLayout;
  detector: Detector;
  reset: EpisodeReset;
  /** Where episodes are recorded (robomimic HDF5 or any EpisodeSink). */
  sink?: EpisodeSink;
  teleop?: TeleopSource;
  /** Asked after a connection loss or e-stop, before rearm(); resolve false to stop the run. Default: stop. */
  confirmRearm?: () => Promise<boolean>;
  /** How long to wait for the robot to come back, ms (default 30000). */
  recoveryTimeoutMs?: number;
  onEpisode?: (outcome: EpisodeOutcome) => void;
  log?: (line: string) => void;
}

/** One episode: success after how many tries and steps. */
export interface EpisodeOutcome {
  episode: number;
  seed: number;
  success: boolean;
  attempts: number;
  steps: number;
  interventions: number;
}

/** Loop timing: tick jitter, and added latency from observation to command on the wire. */
export interface DeployTiming {
  controlHz: number;
  ticks: number;
  jitterMedianMs: number;
  jitterP99Ms: number;
  overruns: number;
  /** Command sent minus the stamp of the state it was computed from, ms. */
  latencyMedianMs: number;
  latencyP99Ms: number;
  /** Command sent minus when that state arrived here: the loop's own share, ms. */
  loopMedianMs: number;
  loopP99Ms: number;
}

/** What a deploy run did. Nothing is thrown: errors are listed here. */
export interface DeployReport {
  episodes: EpisodeOutcome[];
  successes: number;
  interruptions: number;
  errors: string[];
  timing: DeployTiming;
}

type AttemptEnd = 'success' | 'timeout' | 'interrupted';

/**
 * The one loop for simulated and real arms: for each episode, reset, then act at the control
 * rate (observation, policy or human override, safety-checked command), ending on detector
 * success or the time limit; retry failures; record through the sink. A connection loss or
 * e-stop aborts the attempt (its recording discarded), waits for the robot and an explicit
 * re-arm, then redoes the episode. No exception escapes: errors end the run and are reported.
 */
export async function runDeploy(driver: RobotDriver, policy: BatchPolicy, options: DeployOptions): Promise<DeployReport> {
  const log = options.log ?? (() => {});
  const rate = new RateKeeper(options.realTime ? driver.controlHz : Infinity);
  const latency: number[] = [];
  const loop: number[] = [];
  const report: DeployReport = { episodes: [], successes: 0, interruptions: 0, errors: [], timing: undefined as unknown as DeployTiming };
  let assembler: ObservationAssembler | null = null;
  try {
    assembler = new ObservationAssembler(options.layout, driver.observationFeatures.map((f) => f.key));
  } catch (e) {
    report.errors.push((e as Error).message);
  }
  const obs = createObservation(driver.robot);
  const action = new Float32Array(driver.actionFeatures.size);

  const attempt = async (episode: number, seed: number, tries: number): Promise<{ end: AttemptEnd; steps: number; interventions: number }> => {
    await options.reset.reset(driver, { episode, attempt: tries, seed, realTime: options.realTime });
    await policy.reset(1);
    options.detector.reset();
    driver.getObservation(obs);
    await driver.waitForState(obs.seq, 1000);
    options.sink?.beginEpisode({ seed: driver.evaluate ? seed : null, attrs: { attempt: tries, robot: driver.name } });
    let pending: { obs: Record<string, Float32Array>; action: Float32Array; intervention: boolean } | null = null;
    let interventions = 0;
    let end: AttemptEnd = 'timeout';
    let t = 0;
    rate.restart();
    for (; ; t++) {
      await rate.wait();
      driver.getObservation(obs);
      const frame = assembler!.assemble(obs);
      if (t > 0) {
        const det = await options.detector.detect({ observation: obs, views: assembler!.views, driver });
        const done = det.success || t >= options.maxSteps;
        if (pending) options.sink?.addStep({ obs: pending.obs, nextObs: copyViews(assembler!), action: pending.action, reward: det.reward, done, intervention: pending.intervention });
        if (det.success) end = 'success';
        if (done) break;
      }
      if (driver.status !== 'armed') {
        end = 'interrupted';
        break;
      }
      const human = options.teleop?.engaged === true;
      const a = human ? options.teleop!.nextAction(action) : await policy.act(frame, 1);
      const r = driver.sendAction(a);
      if (r.status === 'held' && (r.reason === 'disconnected' || r.reason === 'not-armed' || r.reason === 'estop')) {
        end = 'interrupted';
        break;
      }
      if (r.sentAt > 0) {
        latency.push(r.sentAt - r.obsStamp);
        loop.push(r.sentAt - r.obsReceivedAt);
      }
      if (human) interventions++;
      pending = { obs: copyViews(assembler!), action: Float32Array.from(r.action), intervention: human };
    }
    if (end === 'interrupted' || !pending) options.sink?.discardEpisode();
    else await options.sink?.endEpisode({ success: end === 'success' });
    return { end, steps: t, interventions };
  };

  let failures = 0;
  for (let episode = 0; assembler && episode < options.episodes && failures < 3; episode++) {
    const seed = options.seed + episode;
    const outcome: EpisodeOutcome = { episode, seed, success: false, attempts: 0, steps: 0, interventions: 0 };
    for (let tries = 0; tries <= (options.retries ?? 0); ) {
      try {
        const r = await attempt(episode, seed, tries);
        if (r.end === 'interrupted') {
          report.interruptions++;
          log(`episode ${episode}: interrupted (${driver.status}); waiting for the robot`);
          if (!(await recover(driver, options, log))) {
            report.errors.push(`episode ${episode}: the robot did not come back or was not re-armed`);
            failures = 3;
            break;
          }
          continue;
        }
        outcome.attempts++;
        outcome.steps += r.steps;
        outcome.interventions += r.interventions;
        failures = 0;
        if (r.end === 'success') {
          outcome.success = true;
          break;
        }
        tries++;
      } catch (e) {
        options.sink?.discardEpisode();
        report.errors.push(`episode ${episode}: ${(e as Error).name}: ${(e as Error).message}`);
        log(`episode ${episode}: ${(e as Error).message}`);
        failures++;
        if (failures >= 3) break;
        if (!(await recover(driver, options, log))) {
          failures = 3;
          break;
        }
      }
    }
    if (failures >= 3 && outcome.attempts === 0) break;
    report.episodes.push(outcome);
    if (outcome.success) report.successes++;
    options.onEpisode?.(outcome);
  }
  const jitter = rate.jitter();
  report.timing = {
    controlHz: options.realTime ? driver.controlHz : Infinity,
    ticks: jitter.length + 1,
    jitterMedianMs: quantile(jitter, 0.5),
    jitterP99Ms: quantile(jitter, 0.99),
    overruns: rate.overruns,
    latencyMedianMs: quantile(latency, 0.5),
    latencyP99Ms: quantile(latency, 0.99),
    loopMedianMs: quantile(loop, 0.5),
    loopP99Ms: quantile(loop, 0.99),
  };
  return report;
}

/** Wait for a connected driver with fresh state, ask for the explicit re-arm, and re-arm. */
async function recover(driver: RobotDriver, options: DeployOptions, log: (line: string) => void): Promise<boolean> {
  if (driver.status === 'armed') return true;
  const deadline = performance.now() + (options.recoveryTimeoutMs ?? 30_000);
  while (performance.now() < deadline) {
    if (driver.status === 'unarmed') {
      const o = driver.getObservation();
      await driver.waitForState(o.seq, 200);
      if (!(await (options.confirmRearm?.() ?? Promise.resolve(false)))) return false;
      try {
        driver.rearm();
        log('re-armed');
        return true;
      } catch (e) {
        log((e as Error).message);
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function copyViews(a: ObservationAssembler): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of a.views) out[k] = v.slice();
  return out;
}
