import type { SyncEnv } from '../tasks/env.js';
import type { EpisodeSink } from '../recording/episode-sink.js';
import { split } from './rollout.js';
import { KEY_HELP, type KeyboardTeleop } from '../hardware/input/keyboard-teleop.js';

/** What the session is doing. */
export type TeleopPhase = 'idle' | 'running' | 'ended' | 'quit';

/**
 * A teleoperation session in the sim: the device's commands start, save, discard and quit
 * episodes; every tick applies the device's action for one control step and records it. Saved
 * episodes go to the sink in the project's demo format. Time is the caller's: tick() at the
 * control rate from a timer, or as fast as a test likes.
 */
export class TeleopSession {
  phase: TeleopPhase = 'idle';
  /** Episodes started so far (the current one included). */
  episode = 0;
  step = 0;
  success = false;
  saved = 0;
  private obs: Float32Array | null = null;
  private nextSeed: number;

  constructor(private readonly env: SyncEnv, private readonly device: KeyboardTeleop, private readonly sink: EpisodeSink, seed = 0) {
    this.nextSeed = seed;
  }

  /** Handle pending commands, then (while an episode runs) step once. Resolves when done. */
  async tick(): Promise<void> {
    for (let c = this.device.nextCommand(); c; c = this.device.nextCommand()) await this.command(c);
    if (this.phase !== 'running' || !this.obs) return;
    const state = this.env.physics.flatState();
    const action = this.device.nextAction();
    const r = this.env.step(action);
    const next = r.obs as Float32Array;
    const space = this.env.observationSpace;
    this.success ||= r.info.success;
    this.step++;
    this.sink.addStep({ obs: split(space, this.obs), nextObs: split(space, next), action: action.slice(), reward: r.reward, done: r.truncated, state });
    this.obs = next;
    if (r.truncated) this.phase = 'ended';
  }

  /** One status line: episode, step, success flag, and the controls. */
  status(): string {
    const what = { idle: 'press n to start', running: 'recording', ended: 'time limit: v save / x discard', quit: 'bye' }[this.phase];
    return `episode ${this.episode} step ${this.step} success ${this.success ? 'YES' : 'no'} saved ${this.saved} | ${what} | ${KEY_HELP}`;
  }

  private async command(c: string): Promise<void> {
    if (c === 'start') {
      if (this.phase === 'running' || this.phase === 'ended') this.sink.discardEpisode();
      this.device.reset();
      const seed = this.nextSeed++;
      this.obs = this.env.reset({ seed }).obs as Float32Array;
      this.sink.beginEpisode({ seed, attrs: { source: 'teleop' } });
      this.phase = 'running';
      this.episode++;
      this.step = 0;
      this.success = false;
    } else if (c === 'save' && (this.phase === 'running' || this.phase === 'ended') && this.step > 0) {
      await this.sink.endEpisode({ success: this.success });
      this.saved++;
      this.phase = 'idle';
    } else if (c === 'discard' && (this.phase === 'running' || this.phase === 'ended')) {
      this.sink.discardEpisode();
      this.phase = 'idle';
    } else if (c === 'quit') {
      if (this.phase === 'running' || this.phase === 'ended') this.sink.discardEpisode();
      this.phase = 'quit';
    }
  }
}
