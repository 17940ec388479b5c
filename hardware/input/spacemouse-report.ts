import { InputDeviceError } from '../hardware-errors.js';

/** What a 3Dconnexion SpaceMouse's HID reports carry: six axes in raw counts and the buttons' bits. */
export interface SpaceMouseState {
  /** tx, ty, tz, rx, ry, rz in the device's frame, raw counts (about ±350 at full deflection). */
  readonly axes: Int16Array;
  /** Button bits, button 0 (left) in bit 0. */
  buttons: number;
}

/** A fresh state: centred, no button pressed. */
export function spaceMouseState(): SpaceMouseState {
  return { axes: new Int16Array(6), buttons: 0 };
}

// Report ids as 3Dconnexion devices send them. Older devices send translation (id 1, three
// int16) and rotation (id 2) in two reports; newer ones send all six axes in one id-1 report.
const MOTION = 1;
const ROTATION = 2;
const BUTTONS = 3;
const AXES_BYTES = 6;

/**
 * Fold one HID report (report id in byte 0, little-endian int16 axes after it, as node-hid
 * delivers it on Linux) into `state`. Both report layouts decode; other report ids (battery,
 * LEDs) are left alone and answer false. A known report too short for its axes throws
 * InputDeviceError naming its id and length.
 */
export function applySpaceMouseReport(report: Uint8Array, state: SpaceMouseState): boolean {
  const id = report[0];
  const view = new DataView(report.buffer, report.byteOffset, report.byteLength);
  const axes = (first: number, count: number) => {
    for (let i = 0; i < count; i++) state.axes[first + i] = view.getInt16(1 + 2 * i, true);
  };
  if (id === MOTION) {
    if (report.length >= 1 + 2 * AXES_BYTES) axes(0, 6);
    else if (report.length >= 1 + AXES_BYTES) axes(0, 3);
    else throw short(id, report.length, 1 + AXES_BYTES);
    return true;
  }
  if (id === ROTATION) {
    if (report.length < 1 + AXES_BYTES) throw short(id, report.length, 1 + AXES_BYTES);
    axes(3, 3);
    return true;
  }
  if (id === BUTTONS) {
    if (report.length < 2) throw short(id, report.length, 2);
    let bits = 0;
    for (let i = 1; i < Math.min(report.length, 5); i++) bits |= report[i]! << (8 * (i - 1));
    state.buttons = bits >>> 0;
    return true;
  }
  return false;
}

function short(id: number, length: number, expected: number): InputDeviceError {
  return new InputDeviceError(`SpaceMouse report ${id}: expected at least ${expected} bytes (report id and int16 axes), got ${length}`);
}
