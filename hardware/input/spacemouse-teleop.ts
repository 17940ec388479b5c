import { commandForKey, type TeleopCommand } from './keyboard-teleop.js';
import { applySpaceMouseReport, spaceMouseState } from './spacemouse-report.js';
import type { TeleopDevice } from './teleop-device.js';

/** How the SpaceMouse's axes become a pd_ee_delta_pose action. */
export interface SpaceMouseMapping {
  /** Raw counts that make a full-scale action (3Dconnexion caps read about 350 at full deflection). */
  fullScale: number;
  /** Fraction of full scale below which an axis reads 0 (a resting hand drifts a few counts). */
  deadzone: number;
  /** Per action entry (x, y, z, roll, pitch, yaw of the robot's base frame): the device axis it reads. */
  axis: readonly [number, number, number, number, number, number];
  /** Per action entry: gain with sign (the device's frame is x right, y toward the user, z down). */
  gain: readonly [number, number, number, number, number, number];
}

/**
 * The default: the device on the table in front of the robot, facing it. Pushing the cap away
 * (device -y) moves the arm away from its base (+x), left (device -x) to +y, lifting the cap
 * (device -z) up; rotations follow the same axes. One definition, changed per axis by the caller.
 */
export const SPACEMOUSE_DEFAULTS: SpaceMouseMapping = {
  fullScale: 350,
  deadzone: 0.1,
  axis: [1, 0, 2, 4, 3, 5],
  gain: [-1, -1, -1, -1, -1, -1],
};

/** The SpaceMouse's two buttons: left toggles the gripper; right starts an episode, and saves it on the next press. */
export const SPACEMOUSE_HELP = 'cap: move/turn  left button: grip  right button: start / save  both: discard  (keys n v x q too)';

/**
 * SpaceMouse teleoperation for pd_ee_delta_pose, as robosuite's and SERL's drivers use it: the
 * cap's latest deflection is the step's motion (scaled, deadzone applied, clipped to [-1, 1]),
 * the left button toggles the gripper on press, the right button starts an episode and saves it
 * on its next press, both together discard. Fed with raw HID reports, so recorded report bytes
 * drive it in tests exactly as the device does.
 */
export class SpaceMouseTeleop implements TeleopDevice {
  readonly help = SPACEMOUSE_HELP;
  private readonly state = spaceMouseState();
  private readonly commands: TeleopCommand[] = [];
  private gripperClosed = false;
  private recording = false;
  private held = 0;

  constructor(private readonly mapping: SpaceMouseMapping = SPACEMOUSE_DEFAULTS) {}

  /** Feed one HID report (id in byte 0). Unknown report ids are ignored. */
  handleReport(report: Uint8Array): void {
    if (!applySpaceMouseReport(report, this.state)) return;
    const now = this.state.buttons & 3;
    const pressed = now & ~this.held;
    if (now === 3 && pressed) {
      this.commands.push('discard');
      this.recording = false;
    } else if (pressed & 1 && !(now & 2)) this.gripperClosed = !this.gripperClosed;
    else if (pressed & 2 && !(now & 1)) {
      this.commands.push(this.recording ? 'save' : 'start');
      this.recording = !this.recording;
    }
    this.held = now;
  }

  /** A keyboard key as an episode command (n, v, x, q): the terminal stays a second control. */
  handleKey(key: string): void {
    for (const ch of key) {
      const c = commandForKey(ch);
      if (!c) continue;
      this.commands.push(c);
      if (c === 'start') this.recording = true;
      if (c === 'save' || c === 'discard') this.recording = false;
    }
  }

  /** Whether the gripper is commanded closed. */
  get closed(): boolean {
    return this.gripperClosed;
  }

  nextCommand(): TeleopCommand | undefined {
    return this.commands.shift();
  }

  nextAction(target: Float32Array = new Float32Array(7)): Float32Array {
    const { fullScale, deadzone, axis, gain } = this.mapping;
    for (let i = 0; i < 6; i++) {
      const v = this.state.axes[axis[i]!]! / fullScale;
      // Past the deadzone the motion starts from 0, so a small push gives a small motion.
      const m = Math.abs(v) <= deadzone ? 0 : (v - Math.sign(v) * deadzone) / (1 - deadzone);
      target[i] = m === 0 ? 0 : Math.min(1, Math.max(-1, gain[i]! * m));
    }
    target[6] = this.gripperClosed ? -1 : 1;
    return target;
  }

  reset(): void {
    this.gripperClosed = false;
  }
}
