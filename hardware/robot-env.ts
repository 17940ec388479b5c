import { setImmediate as yieldNow } from 'node:timers/promises';
import { nowMs } from './clock.js';
import { ConnectionError, ResetError } from './hardware-errors.js';
import { RateKeeper } from './rate-keeper.js';
import { EpisodeInterruptedError } from '../tasks/env-errors.js';
import type { Env, EnvPhysics, EnvSpec, ResetArgs, ResetResult, StepInfo, StepResult } from '../tasks/env.js';
import { observationFields, observationViews, writeObservation } from '../tasks/sim-env.js';
import { BoxSpace } from '../tasks/space.js';
import type { Task } from '../tasks/task.js';
import type { TaskWorld } from '../tasks/task-world.js';
import type { Detector } from './detectors/detector.js';
import { DriverWorld, type PerceptionConfig } from './driver-world.js';
import { createObservation, type DriverObservation, type RobotDriver, type SendResult } from './robot-driver.js';
import type { EpisodeReset } from './resets/episode-reset.js';

/** How a RobotEnv is made. */
export interface RobotEnvOptions {
  /** The task whose observation, success rule and reward apply (a sim driver brings its own). */
  task: Task;
  reset: EpisodeReset;
  detector: Detector;
  /** Keep the driver's control rate (real arms, the twin); false steps a simulated robot as fast as it goes. */
  realTime: boolean;
  /** Which observation keys carry the task's objects and goal (real arms). */
  perception?: PerceptionConfig;
}

/** Holds that mean the robot is not ours to command right now: the episode cannot go on. */
const INTERRUPTING = new Set(['disconnected', 'not-armed', 'estop', 'stale-state', 'no-state']);

/**
 * A robot as a Gymnasium env, over any RobotDriver (the simulated arm or a ROS arm): reset runs
 * the configured reset and starts an episode; step sends the action through the driver's safety
 * layer, keeps the control rate, and returns the task's own observation of the world, the
 * detector's reward and success (`terminated`), and the action actually applied in `info`.
 * Wrap it in TimeLimit for `truncated`. An e-stop, lost connection or stale state stream
 * throws EpisodeInterruptedError.
 */
export class RobotEnv implements Env<Float32Array> {
  readonly spec: EnvSpec;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: BoxSpace;
  readonly snapshots = null;
  /** The sim driver's physics (recorded states, viewer); null on a real arm. */
  readonly physics: EnvPhysics | null;
  /** The last command's result (reused by the driver). */
  lastSend: SendResult | null = null;
  /**
   * The last step's timing, ms: from the stamp of the observation the policy acted on to the
   * command on the wire (NaN when held), and the part of it spent outside the env (inference).
   */
  readonly timing = { latencyMs: NaN, inferenceMs: NaN };
  private observedStamp = 0;
  private returnedAt = 0;
  private readonly task: Task;
  private readonly world: TaskWorld;
  private readonly driverWorld: DriverWorld | null;
  private readonly flat: Float32Array;
  /** Each observation key's view into the observation (what detectors read). */
  readonly views: ReadonlyMap<string, Float32Array>;
  private readonly dict: Record<string, Float32Array>;
  private readonly obs: DriverObservation;
  private readonly rate: RateKeeper;
  private episode = -1;
  private reward = 0;

  constructor(readonly driver: RobotDriver, readonly options: RobotEnvOptions) {
    const sim = driver.sim ?? null;
    this.task = sim?.task ?? options.task;
    this.driverWorld = sim ? null : new DriverWorld(driver.robot, options.perception);
    this.world = sim?.world ?? this.driverWorld!;
    this.physics = sim?.physics ?? null;
    const fields = observationFields(this.task, driver.robot);
    this.observationSpace = new BoxSpace(new Float32Array(fields.size).fill(-Infinity), new Float32Array(fields.size).fill(Infinity), fields.fields);
    const a = driver.actionFeatures;
    this.actionSpace = new BoxSpace(a.low, a.high);
    this.flat = new Float32Array(fields.size);
    this.dict = observationViews(this.flat, fields.fields);
    this.views = new Map(Object.entries(this.dict));
    this.obs = createObservation(driver.robot);
    this.rate = new RateKeeper(options.realTime ? driver.controlHz : Infinity);
    this.spec = {
      id: this.task.id,
      controlMode: a.controlMode,
      obsMode: 'state',
      rewardMode: 'normalized_dense',
      maxEpisodeSteps: this.task.maxEpisodeSteps,
      simHz: sim?.simHz ?? driver.controlHz,
      controlHz: driver.controlHz,
    };
  }

  /** Tick jitter of the control loop, ms. */
  get rateKeeper(): RateKeeper {
    return this.rate;
  }

  async reset(args: ResetArgs = {}): Promise<ResetResult<Float32Array>> {
    const attempt = Number(args.options?.['attempt'] ?? 0);
    if (attempt === 0) this.episode++;
    try {
      await this.options.reset.reset(this.driver, { episode: this.episode, attempt, seed: args.seed ?? this.episode, realTime: this.options.realTime });
    } catch (e) {
      // A reset the robot side could not do (a service down, the arm held) voids the episode
      // like any interruption: the caller decides whether and when to try again.
      if (e instanceof ResetError || e instanceof ConnectionError) throw new EpisodeInterruptedError(`${this.driver.name}: reset failed: ${e.message}`, { cause: e });
      throw e;
    }
    this.options.detector.reset();
    const seq = this.driver.getObservation(this.obs).seq;
    await this.driver.waitForState(seq, 1000);
    this.refresh(null);
    if (this.driverWorld) this.task.beginEpisode?.(this.world);
    const info = this.task.evaluate(this.world);
    writeObservation(this.task, this.world, info, this.dict);
    this.rate.restart();
    this.markReturned();
    return { obs: this.flat, info };
  }

  async step(action: ArrayLike<number>): Promise<StepResult<Float32Array>> {
    // Let the socket deliver the states that arrived while the policy computed: the command
    // is checked against the newest one.
    if (this.options.realTime) await yieldNow();
    const inferenceMs = nowMs() - this.returnedAt;
    const r = this.driver.sendAction(action);
    this.lastSend = r;
    this.timing.latencyMs = r.sentAt > 0 ? r.sentAt - this.observedStamp : NaN;
    this.timing.inferenceMs = inferenceMs;
    if (r.status === 'held' && r.reason !== null && INTERRUPTING.has(r.reason)) {
      throw new EpisodeInterruptedError(`${this.driver.name}: command held (${r.reason}); the episode is void`);
    }
    await this.rate.wait();
    this.refresh(r);
    const info: StepInfo = this.task.evaluate(this.world);
    this.reward = this.task.denseReward(this.world, info, r.action) / this.task.maxDenseReward;
    writeObservation(this.task, this.world, info, this.dict);
    const det = await this.options.detector.detect({ observation: this.obs, views: this.views, driver: this.driver, task: { info, reward: this.reward } });
    info.success = det.success;
    info.applied_action = r.action;
    info.command = r.status;
    this.markReturned();
    return { obs: this.flat, reward: det.reward, terminated: det.success, truncated: false, info };
  }

  close(): void {}

  [Symbol.dispose](): void {
    this.close();
  }

  // The observation handed out now is what the policy acts on next.
  private markReturned(): void {
    this.observedStamp = this.obs.stamp;
    this.returnedAt = nowMs();
  }

  private refresh(sent: SendResult | null): void {
    this.driver.getObservation(this.obs);
    if (this.driverWorld) {
      this.driverWorld.refresh(this.obs, sent?.gripperTarget ?? this.obs.gripperQ[0] ?? 0);
      // A perceived goal (a topic) replaces the task's own; without one the task's goal holds.
      this.world.perceivedGoal(this.task.goal);
    }
  }
}
