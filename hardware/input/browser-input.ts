import * as v from 'valibot';
import { checkSchema, strictFields } from '../../schema-problems.js';
import { InputDeviceError } from '../hardware-errors.js';
import type { GamepadSnapshot } from './gamepad-teleop.js';
import type { TeleopCommand } from './keyboard-teleop.js';

/**
 * One message from the teleop page: the operator's input as it stands after an event (a key
 * going down or up, a gamepad change, an on-screen button), stamped for latency accounting.
 */
export interface BrowserInput {
  /** Increasing per page: which inputs a step has applied. */
  seq: number;
  /** When the event happened, ms since the Unix epoch (performance.timeOrigin + event.timeStamp). */
  at: number;
  /** Keys held down now (KeyboardEvent.key, lower case). */
  held: string[];
  /** Keys that went down since the last message (no auto-repeat): toggles and episode keys. */
  pressed: string[];
  /** The first standard-mapping gamepad as polled, or null without one. */
  pad: GamepadSnapshot | null;
  /** An on-screen button pressed. */
  button?: TeleopCommand;
}

// Bounds keep a hostile or broken page from handing the session megabyte arrays.
const KEY = v.pipe(v.string(), v.maxLength(16, 'a key name of at most 16 characters'));
const KEYS = v.pipe(v.array(KEY), v.maxLength(32, 'at most 32 keys'));
const AXIS = v.pipe(v.number(), v.finite('a finite number'));
const BUTTON = strictFields({ pressed: v.boolean(), value: v.pipe(v.number(), v.finite('a finite number')) }, 'a gamepad button');
const SCHEMA = strictFields({
  seq: v.pipe(v.number(), v.integer('an integer'), v.minValue(0, 'an integer >= 0')),
  at: v.pipe(v.number(), v.finite('a finite number')),
  held: KEYS,
  pressed: KEYS,
  pad: v.nullable(strictFields({ axes: v.pipe(v.array(AXIS), v.maxLength(16, 'at most 16 axes')), buttons: v.pipe(v.array(BUTTON), v.maxLength(32, 'at most 32 buttons')) }, 'a gamepad snapshot')),
  button: v.optional(v.picklist(['start', 'save', 'discard', 'quit'], 'one of start, save, discard, quit')),
}, 'a teleop page message');

/**
 * Check one page message (its text, as the WebSocket delivered it).
 * @throws InputDeviceError naming every field that is not what a teleop page sends.
 */
export function parseBrowserInput(text: string): BrowserInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputDeviceError(`teleop page message: expected JSON, got ${JSON.stringify(text.slice(0, 40))}`, { cause: e });
  }
  const r = checkSchema(SCHEMA, value);
  if ('problems' in r) {
    throw new InputDeviceError(`teleop page message: ${r.problems.map((p) => `${p.path || 'the message'}: expected ${p.expected}, got ${p.found}`).join('; ')}`);
  }
  return r.output as BrowserInput;
}
