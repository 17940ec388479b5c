import type { TeleopDevice } from '../hardware/input/teleop-device.js';
import { ObservationLayout } from '../policies/observation-layout.js';
import type { Policy } from '../policies/policy.js';
import type { EpisodeSink } from '../recording/episode-sink.js';
import type { Env } from '../tasks/env.js';
import { SyncVectorEnv } from '../tasks/vector/sync-vector-env.js';
import { rollout, type EpisodeControl, type EpisodeDecision } from './rollout.js';

/** What the session is doing. */
export type TeleopPhase = 'idle' | 'running' | 'ended' | 'quit';

/**
 * A teleoperation session: a teleop device (keyboard, SpaceMouse) drives the arm through the one rollout, and its
 * commands start, save, discard and quit episodes (episode control). Saved episodes go to the
 * sink in the project's demo format. Time is the caller's: each tick() lets the rollout handle
 * the pending commands and take one step, at the control rate from a timer, or as fast as a
 * test likes; it resolves when the rollout waits for the next tick.
 */
export class TeleopSession {
  phase: TeleopPhase = 'idle';
  /** Episodes started so far (the current one included). */
  episode = 0;
  step = 0;
  success = false;
  saved = 0;
  private released: (() => void) | null = null;
  private ticked: (() => void) | null = null;
  private startPending = false;
  private stepPending = false;
  private readonly done: Promise<void>;

  constructor(env: Env, private readonly device: TeleopDevice, sink: EpisodeSink, seed = 0) {
    const control: EpisodeControl = {
      start: () => this.waitForStart(),
      beforeStep: () => this.beforeStep(),
      atLimit: () => this.atLimit(),
    };
    this.done = rollout(new SyncVectorEnv([env]), devicePolicy(device, env), {
      episodes: Number.MAX_SAFE_INTEGER,
      seed,
      endOn: 'time-limit',
      sink,
      episodeAttrs: { source: 'teleop' },
      control,
      onStep: (s) => {
        this.step = s.t + 1;
        this.success ||= s.success;
      },
      onEpisode: () => {
        this.saved++;
      },
    }).then(
      () => this.finish(),
      (e) => {
        this.finish();
        throw e;
      },
    );
    this.done.catch(() => {});
  }

  /** Let the session handle pending commands and (while an episode runs) step once. */
  tick(): Promise<void> {
    if (this.phase === 'quit') return this.done;
    return new Promise<void>((resolve, reject) => {
      this.ticked = resolve;
      this.done.catch(reject);
      const go = this.released;
      this.released = null;
      go?.();
    });
  }

  /** One status line: episode, step, success flag, and the controls. */
  status(): string {
    const what = { idle: 'waiting to start', running: 'recording', ended: 'time limit: save or discard', quit: 'bye' }[this.phase];
    return `episode ${this.episode} step ${this.step} success ${this.success ? 'YES' : 'no'} saved ${this.saved} | ${what} | ${this.device.help}`;
  }

  // The rollout waits here for the next tick; the tick that released the previous wait resolves.
  private async gate(): Promise<void> {
    const t = this.ticked;
    this.ticked = null;
    t?.();
    await new Promise<void>((resolve) => (this.released = resolve));
  }

  private async waitForStart(): Promise<boolean> {
    this.phase = 'idle';
    for (;;) {
      if (!this.startPending) await this.gate();
      for (let c = this.device.nextCommand(); c && !this.startPending; c = this.device.nextCommand()) {
        if (c === 'start') this.startPending = true;
        if (c === 'quit') {
          this.phase = 'quit';
          return false;
        }
      }
      if (this.startPending) {
        this.startPending = false;
        this.device.reset();
        this.phase = 'running';
        this.episode++;
        this.step = 0;
        this.success = false;
        // The tick that started the episode also takes its first step.
        this.stepPending = true;
        return true;
      }
    }
  }

  private async beforeStep(): Promise<'continue' | EpisodeDecision> {
    if (this.stepPending) {
      this.stepPending = false;
      return 'continue';
    }
    await this.gate();
    return this.decide() ?? 'continue';
  }

  private async atLimit(): Promise<EpisodeDecision> {
    this.phase = 'ended';
    for (;;) {
      await this.gate();
      const d = this.decide();
      if (d) return d;
    }
  }

  /** The episode's fate from the pending commands, or null to go on. */
  private decide(): EpisodeDecision | null {
    for (let c = this.device.nextCommand(); c; c = this.device.nextCommand()) {
      if (c === 'save' && this.step > 0) return this.ended('save');
      if (c === 'discard') return this.ended('discard');
      if (c === 'quit') {
        this.phase = 'quit';
        return 'quit';
      }
      if (c === 'start') {
        // A new episode drops the one in progress.
        this.startPending = true;
        return this.ended('discard');
      }
    }
    return null;
  }

  private ended(d: EpisodeDecision): EpisodeDecision {
    this.phase = 'idle';
    return d;
  }

  private finish(): void {
    this.phase = 'quit';
    const t = this.ticked;
    this.ticked = null;
    t?.();
  }
}

/** The device as the policy: its action of the step, whatever the observation. */
function devicePolicy(device: TeleopDevice, env: Env): Policy {
  return {
    layout: ObservationLayout.fromFields(env.observationSpace.fields),
    actionDim: env.actionSpace.size,
    reset() {},
    act: (_obs, _n, target) => device.nextAction(target),
    dispose: async () => {},
    [Symbol.asyncDispose]: async () => {},
  };
}
