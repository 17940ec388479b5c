import { InvalidArgumentError } from '../errors.js';
import type { TeleopSource } from '../hardware/input/teleop-source.js';
import type { Policy } from '../policies/policy.js';
import { RemotePolicyError } from '../policies/remote/remote-errors.js';
import type { EpisodeSink } from '../recording/episode-sink.js';
import { EpisodeInterruptedError } from '../tasks/env-errors.js';
import type { StepInfo } from '../tasks/env.js';
import { cameraImageKey, type CameraConfig } from '../render/camera-config.js';
import type { BoxSpace } from '../tasks/space.js';
import type { VectorEnv, VectorStep } from '../tasks/vector-env.js';

export type { TeleopSource } from '../hardware/input/teleop-source.js';

/** What becomes of an episode a human ends: kept, dropped, or dropped and the run over. */
export type EpisodeDecision = 'save' | 'discard' | 'quit';

/**
 * A human running the episodes (teleop recording): when each starts, when it ends, and whether
 * it is kept. The rollout awaits these hooks, so they also set its pace.
 */
export interface EpisodeControl {
  /** Resolve true when the next episode should start, false to end the run. */
  start(episode: number): Promise<boolean>;
  /** Before each step: go on, or end the episode now. */
  beforeStep(): Promise<'continue' | EpisodeDecision>;
  /** The episode reached its time limit: keep it or not. */
  atLimit(): Promise<EpisodeDecision>;
}

/** One finished episode. */
export interface EpisodeResult {
  /** Index of the episode in the run (0-based). */
  episode: number;
  seed: number;
  /** Attempts it took (1 without retries). */
  attempts: number;
  /** Succeeded at any step. */
  successOnce: boolean;
  /** Succeeded at the last step. */
  successAtEnd: boolean;
  /** Sum of rewards over the episode (the last attempt's). */
  return: number;
  /** Steps until the first success (inclusive), else the steps run. */
  length: number;
  /** Steps run, over every attempt. */
  steps: number;
  /** Steps a human drove. */
  interventions: number;
}

/** What one step of one env looked like, for progress bars and live views. */
export interface StepEvent {
  episode: number;
  env: number;
  t: number;
  reward: number;
  success: boolean;
  intervention: boolean;
  /** The action applied (after the safety layer on a robot): a view, valid during the callback. */
  action: Float32Array;
  /** The env's info, where the env runs on this thread. */
  info: StepInfo | null;
}

/** Options of rollout(). */
export interface RolloutOptions {
  /** Episodes to run; episode k resets with seed + k. */
  episodes: number;
  seed: number;
  /**
   * When an episode ends: at `done` (terminated or truncated: deploy), at the first success or
   * `done` (collection of demos that stop at success, also on tasks that do not terminate there,
   * such as Meta-World's), or at the time limit only (evaluation: ManiSkill evaluates every
   * episode to its last step).
   */
  endOn: 'done' | 'success' | 'time-limit';
  /** With endOn 'success': control steps an episode goes on after its first success (default 0). */
  holdAfterSuccess?: number;
  /** Extra attempts of a failed episode from a fresh reset (one env only). */
  retries?: number;
  /** Where episodes are recorded (one env only); an interrupted or failed-by-error attempt is discarded. */
  sink?: EpisodeSink;
  /** Attributes recorded with every episode. */
  episodeAttrs?: Record<string, string | number | boolean>;
  /** A human override (one env only). */
  teleop?: TeleopSource;
  /** After an interruption (e-stop, lost state): resolve true to redo the episode, false to end the run. Default: end. */
  onInterrupt?: (error: EpisodeInterruptedError) => Promise<boolean>;
  /**
   * A remote policy whose server stops answering (RemotePolicyError) interrupts the attempt
   * like a lost robot state, so onInterrupt decides (deploy: the arm holds, the episode is redone
   * once the server answers again; the client reconnects by itself). Default false: it ends the run.
   */
  interruptOnRemoteFailure?: boolean;
  /** A human starts, ends and keeps the episodes (one env only); discarded episodes are not counted. */
  control?: EpisodeControl;
  /**
   * Checked before every step and every episode (an AbortSignal will do): once aborted, the
   * episode in progress is discarded and the run ends, stoppedBy its reason.
   */
  stop?: { readonly aborted: boolean; readonly reason?: unknown };
  onStep?: (event: StepEvent) => void;
  onEpisode?: (result: EpisodeResult, done: number) => void;
}

/** What a rollout did. */
export interface RolloutResult {
  episodes: EpisodeResult[];
  /** Control steps over all envs. */
  controlSteps: number;
  seconds: number;
  /** Attempts interrupted (and redone or not). */
  interruptions: number;
  /** Why the run ended early, if it did. */
  stoppedBy: string | null;
}

interface Attempt {
  once: Uint8Array;
  atEnd: Uint8Array;
  firstSuccess: Int32Array;
  returns: Float64Array;
  steps: Int32Array;
  interventions: Int32Array;
  /** What the episode control decided (save without one). */
  decision: EpisodeDecision;
}

/**
 * The one episode loop: evaluation, collection, teleop recording and deploy all run here, over
 * any VectorEnv (simulated envs on this thread or on workers, or a robot env) and any Policy.
 * Episodes run a batch of numEnvs at a time, each env reset with its episode's seed, the
 * policy's streams seeded by the episode seeds, so results do not depend on the batch size.
 * An env whose episode has ended idles (stepped, not counted) until its batch ends.
 */
export async function rollout(vec: VectorEnv, policy: Policy, options: RolloutOptions): Promise<RolloutResult> {
  const n = vec.numEnvs;
  const retries = options.retries ?? 0;
  if (n > 1 && (options.sink || options.teleop || options.control || retries > 0)) {
    throw new InvalidArgumentError(`rollout: recording, teleop, episode control and retries run one env at a time, got ${n} envs`);
  }
  if (options.sink && !vec.envs) throw new InvalidArgumentError('rollout: recording needs envs on this thread, got worker envs');
  const episodes: EpisodeResult[] = [];
  const start = performance.now();
  const state = { controlSteps: 0, interruptions: 0, stoppedBy: null as string | null };
  const actions = new Float32Array(n * vec.actionSpace.size);
  const stopped = () => (options.stop?.aborted ? String(options.stop.reason ?? 'stopped') : null);
  for (let first = 0; first < options.episodes && !state.stoppedBy; first += n) {
    state.stoppedBy = stopped();
    if (state.stoppedBy) break;
    const seeds = Array.from({ length: n }, (_, i) => options.seed + first + i);
    let attempts = 0;
    // Attempts voided by an interruption (e-stop, lost state): the recorded episode says how many.
    let interrupted = 0;
    let steps = 0;
    let humans = 0;
    if (options.control && !(await options.control.start(first))) break;
    for (;;) {
      let a: Attempt;
      try {
        a = await runAttempt(vec, policy, options, seeds, attempts, first, actions, state, interrupted);
      } catch (e) {
        options.sink?.discardEpisode();
        if (!(e instanceof EpisodeInterruptedError)) throw e;
        state.interruptions++;
        interrupted++;
        if (stopped() || !(await (options.onInterrupt?.(e) ?? Promise.resolve(false)))) {
          state.stoppedBy = stopped() ?? e.message;
          break;
        }
        continue;
      }
      attempts++;
      steps += a.steps[0]!;
      humans += a.interventions[0]!;
      const succeeded = a.once[0] === 1;
      if (a.decision === 'discard' || a.decision === 'quit') {
        options.sink?.discardEpisode();
        if (a.decision === 'quit') state.stoppedBy = stopped() ?? 'quit';
        break;
      }
      if (options.sink) await options.sink.endEpisode({ success: succeeded });
      if (succeeded || attempts > retries || n > 1) {
        for (let i = 0; i < n && first + i < options.episodes; i++) {
          const result: EpisodeResult = {
            episode: first + i,
            seed: seeds[i]!,
            attempts,
            successOnce: a.once[i] === 1,
            successAtEnd: a.atEnd[i] === 1,
            return: a.returns[i]!,
            length: a.firstSuccess[i]! > 0 ? a.firstSuccess[i]! : a.steps[i]!,
            steps: n > 1 ? a.steps[i]! : steps,
            interventions: n > 1 ? a.interventions[i]! : humans,
          };
          episodes.push(result);
          options.onEpisode?.(result, episodes.length);
        }
        break;
      }
    }
  }
  return { episodes, controlSteps: state.controlSteps, seconds: (performance.now() - start) / 1000, interruptions: state.interruptions, stoppedBy: state.stoppedBy };
}

async function runAttempt(
  vec: VectorEnv,
  policy: Policy,
  options: RolloutOptions,
  seeds: number[],
  attempt: number,
  first: number,
  actions: Float32Array,
  counters: { controlSteps: number },
  interrupted: number,
): Promise<Attempt> {
  const n = vec.numEnvs;
  const a: Attempt = {
    once: new Uint8Array(n),
    atEnd: new Uint8Array(n),
    firstSuccess: new Int32Array(n).fill(-1),
    returns: new Float64Array(n),
    steps: new Int32Array(n),
    interventions: new Int32Array(n),
    decision: 'save',
  };
  const ended = new Uint8Array(n);
  let obs = await vec.reset(seeds, attempt > 0 ? { attempt } : undefined);
  // A retry draws fresh policy samples: its streams follow the attempt too.
  policy.reset({ seeds: attempt > 0 ? seeds.map((s) => s * 1009 + attempt) : seeds });
  const sink = options.sink;
  const space = vec.observationSpace;
  sink?.beginEpisode({ seed: seeds[0]!, attrs: { ...options.episodeAttrs, ...(attempt > 0 ? { attempt } : {}), ...(interrupted > 0 ? { interrupted_attempts: interrupted } : {}) }, ...(vec.cameras ? { shapes: imageShapes(vec.cameras) } : {}) });
  for (let t = 0; ; t++) {
    if (options.stop) {
      // A simulated step never waits on I/O, so without a turn of the event loop here a
      // signal's handler would only run once the whole run is over.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.stop.aborted) {
        a.decision = 'quit';
        return a;
      }
    }
    if (options.control) {
      const d = await options.control.beforeStep();
      if (d !== 'continue') {
        a.decision = d;
        return a;
      }
    }
    const flat = sink ? vec.envs![0]!.physics?.flatState() : undefined;
    const before = sink ? withImages(vec, split(space, obs)) : null;
    const human = options.teleop?.engaged === true;
    const act = human ? options.teleop!.nextAction(actions) : await actOrInterrupt(policy, obs, n, actions, options.interruptOnRemoteFailure === true);
    const r: VectorStep = await vec.step(act);
    counters.controlSteps += n;
    let running = 0;
    for (let i = 0; i < n; i++) {
      if (ended[i]) continue;
      const success = r.success[i] === 1;
      a.returns[i] = a.returns[i]! + r.rewards[i]!;
      a.steps[i] = t + 1;
      if (human) a.interventions[i] = a.interventions[i]! + 1;
      if (success && !a.once[i]) {
        a.once[i] = 1;
        a.firstSuccess[i] = t + 1;
      }
      a.atEnd[i] = success ? 1 : 0;
      // A success that terminates the episode (ManiSkill's) still ends it only after the hold.
      const held = a.once[i] === 1 && t + 1 - a.firstSuccess[i]! >= (options.holdAfterSuccess ?? 0);
      const done =
        options.endOn === 'time-limit' ? r.truncated[i] === 1
        : options.endOn === 'success' ? r.truncated[i] === 1 || held || (r.terminated[i] === 1 && a.once[i] === 0)
        : r.terminated[i] === 1 || r.truncated[i] === 1;
      if (done) ended[i] = 1;
      else running++;
      const d = vec.actionSpace.size;
      const applied = r.infos[i]?.applied_action ?? act.subarray(i * d, (i + 1) * d);
      options.onStep?.({ episode: first + i, env: i, t, reward: r.rewards[i]!, success, intervention: human, action: applied, info: r.infos[i] ?? null });
      if (sink) {
        sink.addStep({ obs: before!, nextObs: withImages(vec, split(space, r.obs)), action: Float32Array.from(applied), reward: r.rewards[0]!, done, ...(flat ? { state: flat } : {}), intervention: human });
      }
    }
    if (running === 0) {
      if (options.control) a.decision = await options.control.atLimit();
      return a;
    }
    obs = r.obs;
  }
}


function imageShapes(cameras: readonly CameraConfig[]): Record<string, number[]> {
  return Object.fromEntries(cameras.map((c) => [cameraImageKey(c.uid), [c.height, c.width, 3]]));
}

// The first env's colour images (copies) added to its observation, for the recorder.
function withImages(vec: VectorEnv, obs: Record<string, Float32Array | Uint8Array>): Record<string, Float32Array | Uint8Array> {
  if (!vec.cameras || !vec.sensorData) return obs;
  for (const c of vec.cameras) {
    const rgb = vec.sensorData[c.uid]?.rgb;
    if (rgb) obs[cameraImageKey(c.uid)] = rgb.slice(0, c.height * c.width * 3);
  }
  return obs;
}

/** A flat observation (the first frame of a batch) cut into its named fields (copies). */
export function split(space: BoxSpace, flat: Float32Array): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const f of space.fields) out[f.key] = flat.slice(f.offset, f.offset + f.size);
  return out;
}

async function actOrInterrupt(policy: Policy, obs: Float32Array, n: number, target: Float32Array, interrupt: boolean): Promise<Float32Array> {
  try {
    return await policy.act(obs, n, target);
  } catch (e) {
    if (interrupt && e instanceof RemotePolicyError) throw new EpisodeInterruptedError(`policy lost: ${e.message}; no command sent, the arm holds`, { cause: e });
    throw e;
  }
}
