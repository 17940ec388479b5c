import type { TeleopDevice } from './teleop-device.js';

/** Episode controls a teleop device can send besides motion. */
export type TeleopCommand = 'start' | 'save' | 'discard' | 'quit';

/** One line per binding, for the status line and --help. */
export const KEY_HELP = 'w/s x  a/d y  r/f z  j/l yaw  i/k pitch  u/o roll  space grip  n new  v save  x discard  q quit';

// Key -> (action index, sign). Translation in the root frame, rotation about root-aligned axes,
// as pd_ee_delta_pose reads them.
const MOTION: Record<string, [number, number]> = {
  w: [0, 1],
  s: [0, -1],
  a: [1, 1],
  d: [1, -1],
  r: [2, 1],
  f: [2, -1],
  u: [3, 1],
  o: [3, -1],
  i: [4, 1],
  k: [4, -1],
  j: [5, 1],
  l: [5, -1],
};

const COMMANDS: Record<string, TeleopCommand> = { n: 'start', v: 'save', x: 'discard', q: 'quit', '\u0003': 'quit' };

/** The action index and sign a motion key drives (w/s x, a/d y, r/f z, u/o roll, i/k pitch, j/l yaw), if it is one. */
export function motionForKey(key: string): readonly [number, number] | undefined {
  return MOTION[key.toLowerCase()];
}

/** The episode command a key stands for (n start, v save, x discard, q or Ctrl-C quit), if any. */
export function commandForKey(key: string): TeleopCommand | undefined {
  return COMMANDS[key];
}

/**
 * Keyboard teleoperation for pd_ee_delta_pose: each key press adds one unit of motion along its
 * axis to the next control step (a held key repeats), space toggles the gripper, and the episode
 * keys become commands. Terminal-free, so it can be driven by a test.
 */
export class KeyboardTeleop implements TeleopDevice {
  readonly help = KEY_HELP;
  /** Fraction of the controller's full delta one key press asks for. */
  readonly step: number;
  private readonly pending = new Float32Array(6);
  private gripperClosed = false;
  private readonly commands: TeleopCommand[] = [];

  constructor(options: { step?: number } = {}) {
    this.step = options.step ?? 0.5;
  }

  /** Feed one key (a terminal's data chunk may hold several; each character is a key). */
  handleKey(key: string): void {
    for (const ch of key) {
      const motion = MOTION[ch.toLowerCase()];
      if (motion) this.pending[motion[0]] = this.pending[motion[0]]! + motion[1] * this.step;
      else if (ch === ' ') this.gripperClosed = !this.gripperClosed;
      else if (COMMANDS[ch]) this.commands.push(COMMANDS[ch]!);
    }
  }

  /** The next episode command, if any was pressed. */
  nextCommand(): TeleopCommand | undefined {
    return this.commands.shift();
  }

  /** Whether the gripper is commanded closed. */
  get closed(): boolean {
    return this.gripperClosed;
  }

  /** This control step's 7-d action (motion since the last call, clipped to [-1, 1]); clears the motion. */
  nextAction(target: Float32Array = new Float32Array(7)): Float32Array {
    for (let i = 0; i < 6; i++) {
      target[i] = Math.min(1, Math.max(-1, this.pending[i]!));
      this.pending[i] = 0;
    }
    target[6] = this.gripperClosed ? -1 : 1;
    return target;
  }

  /** Drop pending motion and open the gripper (a new episode). */
  reset(): void {
    this.pending.fill(0);
    this.gripperClosed = false;
  }
}
