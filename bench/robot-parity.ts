import { openRobot } from '../cli/open-robot.js';
import { SCRIPTED_EXPERTS } from '../policies/scripted/scripted-experts.js';
import { rollout, type EpisodeResult, type StepEvent } from '../rollout/rollout.js';
import { makeEnv } from '../tasks/make-env.js';
import { SyncVectorEnv } from '../tasks/vector/sync-vector-env.js';

/** What running a task's expert through `armkit eval` and through `armkit eval --robot sim:TASK` gave. */
export interface ParityReport {
  task: string;
  episodes: number;
  /** Episodes whose success, return and length are equal in both runs. */
  equalEpisodes: number;
  /** Steps whose command the safety layer clipped on the robot. */
  clippedSteps: number;
  steps: number;
  /** Unclipped steps whose applied action differs in any bit. */
  actionMismatches: number;
  successPlain: number;
  successRobot: number;
  /** The first differing episodes, for messages. */
  differences: string[];
}

/**
 * Run a task's scripted expert on the given seeds twice, once on the plain simulated env and once
 * on the simulated arm as a robot (RobotEnv over the sim driver, through its safety layer), and
 * compare per-episode success, return and length, and the applied actions bit for bit wherever the
 * safety layer did not clip.
 */
export async function robotParity(task: string, seed: number, episodes: number): Promise<ParityReport> {
  const expert = SCRIPTED_EXPERTS.get(task);
  const record = (into: Float32Array[][], clipped?: boolean[][]) => (s: StepEvent) => {
    (into[s.episode] ??= []).push(s.action.slice());
    if (clipped) (clipped[s.episode] ??= []).push(s.info?.command === 'clipped');
  };
  const plainActions: Float32Array[][] = [];
  using vec = new SyncVectorEnv([makeEnv(task, { controlMode: expert.controlMode })]);
  const plain = await rollout(vec, expert.create(vec.observationSpace), { episodes, seed, endOn: 'time-limit', onStep: record(plainActions) });
  // The plain env's controller reads an action clamped into its bounds: that is what it applied.
  const { low, high } = vec.actionSpace;
  for (const episode of plainActions) for (const a of episode) for (let i = 0; i < a.length; i++) a[i] = Math.min(high[i]!, Math.max(low[i]!, a[i]!));
  const robotActions: Float32Array[][] = [];
  const clipped: boolean[][] = [];
  await using robot = await openRobot(`sim:${task}`, { keys: null, log: () => {}, controlModeFor: () => expert.controlMode });
  const onRobot = await rollout(robot.vec, expert.create(robot.vec.observationSpace), { episodes, seed, endOn: 'time-limit', onStep: record(robotActions, clipped) });
  const key = (e: EpisodeResult) => `${e.successOnce}/${e.return}/${e.length}`;
  const report: ParityReport = { task, episodes, equalEpisodes: 0, clippedSteps: 0, steps: 0, actionMismatches: 0, successPlain: 0, successRobot: 0, differences: [] };
  for (let k = 0; k < episodes; k++) {
    const a = plain.episodes[k]!;
    const b = onRobot.episodes[k]!;
    report.successPlain += a.successOnce ? 1 : 0;
    report.successRobot += b.successOnce ? 1 : 0;
    if (key(a) === key(b)) report.equalEpisodes++;
    else if (report.differences.length < 5) report.differences.push(`seed ${a.seed}: ${key(a)} vs ${key(b)}`);
    const pa = plainActions[k] ?? [];
    const ra = robotActions[k] ?? [];
    for (let t = 0; t < Math.min(pa.length, ra.length); t++) {
      report.steps++;
      if (clipped[k]![t]) {
        report.clippedSteps++;
        continue;
      }
      if (!Buffer.from(pa[t]!.buffer).equals(Buffer.from(ra[t]!.buffer))) report.actionMismatches++;
    }
  }
  return report;
}
