import type { TeleopCommand } from './keyboard-teleop.js';
import type { TeleopDevice } from './teleop-device.js';

/** A gamepad as the browser's Gamepad API reports it under the standard mapping. */
export interface GamepadSnapshot {
  /** Left stick x, y, right stick x, y, each in [-1, 1] (y positive down). */
  axes: readonly number[];
  /** Buttons in standard order; `value` in [0, 1] (triggers are analogue). */
  buttons: readonly { pressed: boolean; value: number }[];
}

// Standard-mapping button indices (W3C Gamepad spec, "standard" layout).
const A = 0;
const B = 1;
const Y = 3;
const LB = 4;
const RB = 5;
const RT = 7;
const DPAD_UP = 12;
const DPAD_DOWN = 13;
const BACK = 8;

/** The gamepad's controls, one line, for the status line. */
export const GAMEPAD_HELP = 'left stick: x/y  right stick: yaw / z  bumpers: roll  d-pad: pitch  right trigger: grip  A start  Y save  B discard  back quit';

/**
 * Gamepad teleoperation for pd_ee_delta_pose under the standard mapping, as LeRobot's gamepad
 * teleop reads one: the left stick moves the hand in the table's plane (up on the stick is away
 * from the base, +x; left is +y), the right stick's y moves it up and down and its x turns it
 * about z, the bumpers roll and the d-pad's up/down pitches; the right trigger held past half
 * closes the gripper; A starts an episode, Y saves it, B discards it, back quits. Sticks have a
 * deadzone with motion starting from 0 past it. Commands fire on a button's press, not while held.
 */
export class GamepadTeleop implements TeleopDevice {
  readonly help = GAMEPAD_HELP;
  private pad: GamepadSnapshot = { axes: [], buttons: [] };
  private held: boolean[] = [];
  private readonly commands: TeleopCommand[] = [];

  constructor(private readonly deadzone = 0.1) {}

  /** The pad's state as last polled (the page polls it each animation frame and sends it). */
  update(pad: GamepadSnapshot): void {
    this.pad = pad;
    const press = (i: number, c: TeleopCommand) => {
      const now = pad.buttons[i]?.pressed ?? false;
      if (now && !this.held[i]) this.commands.push(c);
      this.held[i] = now;
    };
    press(A, 'start');
    press(Y, 'save');
    press(B, 'discard');
    press(BACK, 'quit');
  }

  /** Whether the gripper is commanded closed (right trigger past half). */
  get closed(): boolean {
    return (this.pad.buttons[RT]?.value ?? 0) > 0.5;
  }

  nextCommand(): TeleopCommand | undefined {
    return this.commands.shift();
  }

  nextAction(target: Float32Array = new Float32Array(7)): Float32Array {
    const axis = (i: number) => this.shaped(this.pad.axes[i] ?? 0);
    const button = (i: number) => (this.pad.buttons[i]?.pressed ? 1 : 0);
    target[0] = this.sign(-axis(1));
    target[1] = this.sign(-axis(0));
    target[2] = this.sign(-axis(3));
    target[3] = button(RB) - button(LB);
    target[4] = button(DPAD_DOWN) - button(DPAD_UP);
    target[5] = this.sign(-axis(2));
    // A trigger pulled in halfway or more closes the gripper (-1), as the keyboard's toggle does.
    target[6] = this.closed ? -1 : 1;
    return target;
  }

  /** Nothing carries over: motion and grip are the pad's state, read fresh each step. */
  reset(): void {}

  private shaped(v: number): number {
    if (!Number.isFinite(v) || Math.abs(v) <= this.deadzone) return 0;
    return Math.min(1, Math.max(-1, (v - Math.sign(v) * this.deadzone) / (1 - this.deadzone)));
  }

  // -0 from negating a resting axis reads as 0.
  private sign(v: number): number {
    return v === 0 ? 0 : v;
  }
}
