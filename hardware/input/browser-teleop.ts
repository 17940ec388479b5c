import type { BrowserInput } from './browser-input.js';
import { GAMEPAD_HELP, GamepadTeleop } from './gamepad-teleop.js';
import { commandForKey, motionForKey, type TeleopCommand } from './keyboard-teleop.js';
import type { TeleopDevice } from './teleop-device.js';

/** How page input becomes motion. */
export interface BrowserTeleopOptions {
  /** Action per held motion key, of the controller's full delta (0.3: 0.03 m a step on ManiSkill's Panda). */
  keyGain: number;
  /** Action at a full stick deflection, likewise. */
  padGain: number;
  /** Stick deadzone, as GamepadTeleop reads it. */
  deadzone: number;
}

/** The defaults: slow enough to line a grasp up by eye at 20 Hz. */
export const BROWSER_TELEOP_DEFAULTS: Readonly<BrowserTeleopOptions> = { keyGain: 0.3, padGain: 0.6, deadzone: 0.1 };

/** One page input a step applied: its sequence number and event time (ms since the epoch). */
export interface AppliedInput {
  seq: number;
  at: number;
}

/** The page's controls, one line. */
export const BROWSER_HELP = `keys (held) w/s x  a/d y  r/f z  j/l yaw  i/k pitch  u/o roll  space grip  n start  v save  x discard  q quit | gamepad ${GAMEPAD_HELP}`;

/**
 * The browser page as a teleop device: the page sends the keyboard's and the gamepad's state
 * after every event; each control step reads that state. Unlike a terminal, a page sees keys go
 * up, so a held motion key moves the arm at `keyGain` for as long as it is held, and a tap
 * shorter than a control period still moves it for one step. The gamepad goes through
 * GamepadTeleop's standard mapping; key and stick motion add, clipped to [-1, 1]. Space toggles
 * the gripper, the right trigger closes it while held; episode commands come from the keys
 * (n v x q), the pad (A Y B back) and the page's buttons, in the order they came.
 */
export class BrowserTeleop implements TeleopDevice {
  readonly help = BROWSER_HELP;
  private readonly options: BrowserTeleopOptions;
  private readonly pad: GamepadTeleop;
  private hasPad = false;
  private held = new Set<string>();
  // Motion keys down at any time since the last step: a quick tap still counts once.
  private readonly tapped = new Set<string>();
  private toggled = false;
  private readonly commands: TeleopCommand[] = [];
  private pending: AppliedInput[] = [];
  private applied: AppliedInput[] = [];
  private lastSeq = -1;

  constructor(options: Partial<BrowserTeleopOptions> = {}) {
    this.options = { ...BROWSER_TELEOP_DEFAULTS, ...options };
    this.pad = new GamepadTeleop(this.options.deadzone);
  }

  /** Take one page message (checked by parseBrowserInput); an old sequence number is ignored. */
  handle(input: BrowserInput): void {
    if (input.seq <= this.lastSeq) return;
    this.lastSeq = input.seq;
    this.held = new Set(input.held);
    for (const k of input.held) if (motionForKey(k)) this.tapped.add(k);
    for (const k of input.pressed) {
      if (motionForKey(k)) this.tapped.add(k);
      else if (k === ' ') this.toggled = !this.toggled;
      else {
        const c = commandForKey(k);
        if (c) this.commands.push(c);
      }
    }
    this.hasPad = input.pad !== null;
    this.pad.update(input.pad ?? { axes: [], buttons: [] });
    for (let c = this.pad.nextCommand(); c; c = this.pad.nextCommand()) this.commands.push(c);
    if (input.button) this.commands.push(input.button);
    this.pending.push({ seq: input.seq, at: input.at });
  }

  /** A command from elsewhere than the page (the terminal's Ctrl-C quits). */
  command(c: TeleopCommand): void {
    this.commands.push(c);
  }

  /** The inputs the steps since the last call applied (each one once), oldest first. */
  takeApplied(): AppliedInput[] {
    const a = this.applied;
    this.applied = [];
    return a;
  }

  /** The page went away (closed, reloaded, lost): nothing is held any more, so nothing moves. */
  release(): void {
    this.held.clear();
    this.tapped.clear();
    this.hasPad = false;
    this.pad.update({ axes: [], buttons: [] });
    // A new page counts its messages from 0 again.
    this.lastSeq = -1;
  }

  /** Whether the gripper is commanded closed (space toggled it, or the trigger is held). */
  get closed(): boolean {
    return this.toggled || (this.hasPad && this.pad.closed);
  }

  nextCommand(): TeleopCommand | undefined {
    return this.commands.shift();
  }

  nextAction(target: Float32Array = new Float32Array(7)): Float32Array {
    const { keyGain, padGain } = this.options;
    this.pad.nextAction(target);
    for (let i = 0; i < 6; i++) target[i] = this.hasPad ? target[i]! * padGain : 0;
    for (const k of new Set([...this.held, ...this.tapped])) {
      const [i, sign] = motionForKey(k) ?? [-1, 0];
      if (i >= 0) target[i] = target[i]! + sign * keyGain;
    }
    for (let i = 0; i < 6; i++) target[i] = Math.min(1, Math.max(-1, target[i]!)) || 0;
    target[6] = this.closed ? -1 : 1;
    this.tapped.clear();
    this.applied.push(...this.pending);
    this.pending = [];
    return target;
  }

  /** A new episode: the gripper opens and input from before the start is not this episode's. */
  reset(): void {
    this.toggled = false;
    this.tapped.clear();
    this.pending = [];
    this.applied = [];
  }
}
