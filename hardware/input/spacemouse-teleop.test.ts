import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runArmkit } from '../../test/fuzz/cli-cases.js';
import { InputDeviceError } from '../hardware-errors.js';
import { isSpaceMouse, noSpaceMouseMessage } from './spacemouse-hid.js';
import { applySpaceMouseReport, spaceMouseState } from './spacemouse-report.js';
import { SPACEMOUSE_DEFAULTS, SpaceMouseTeleop } from './spacemouse-teleop.js';

// Report bytes in the two layouts 3Dconnexion devices use (report id first, int16 LE axes):
// built from the layout, as no device is attached here.
function int16s(id: number, ...values: number[]): Uint8Array {
  const b = new Uint8Array(1 + 2 * values.length);
  b[0] = id;
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setInt16(1 + 2 * i, x, true));
  return b;
}
const buttons = (bits: number) => Uint8Array.of(3, bits & 0xff, bits >> 8);

test('the two-report layout (translation in id 1, rotation in id 2) and the one-report layout decode to the same six axes', () => {
  const old = spaceMouseState();
  applySpaceMouseReport(int16s(1, 120, -350, 7), old);
  applySpaceMouseReport(int16s(2, -40, 200, 350), old);
  const fresh = spaceMouseState();
  applySpaceMouseReport(int16s(1, 120, -350, 7, -40, 200, 350), fresh);
  assert.deepEqual([...old.axes], [120, -350, 7, -40, 200, 350]);
  assert.deepEqual([...fresh.axes], [...old.axes]);
  // An id-1 report of the old layout leaves the rotation as the last id-2 report set it.
  applySpaceMouseReport(int16s(1, 0, 0, 0), old);
  assert.deepEqual([...old.axes], [0, 0, 0, -40, 200, 350]);
});

test('buttons decode from report 3; other report ids are ignored; a short report is refused naming its id and length', () => {
  const s = spaceMouseState();
  assert.equal(applySpaceMouseReport(buttons(0b10), s), true);
  assert.equal(s.buttons, 2);
  assert.equal(applySpaceMouseReport(Uint8Array.of(0x17, 80), s), false);
  assert.throws(() => applySpaceMouseReport(Uint8Array.of(1, 5, 0), s), (e: unknown) => e instanceof InputDeviceError && /report 1: expected at least 7 bytes .* got 3/.test(e.message));
  assert.throws(() => applySpaceMouseReport(Uint8Array.of(2, 5, 0, 1), s), InputDeviceError);
});

test('full deflection maps to a full-scale action in the robot frame; the deadzone holds and motion starts from 0 past it', () => {
  const sm = new SpaceMouseTeleop();
  // Cap pushed away from the user (device -y), full scale: the arm moves +x at full speed.
  sm.handleReport(int16s(1, 0, -350, 0, 0, 0, 0));
  assert.deepEqual([...sm.nextAction()], [1, 0, 0, 0, 0, 0, 1]);
  // Everything within the deadzone (10% = 35 counts) reads 0.
  sm.handleReport(int16s(1, 34, -35, 20, -30, 10, 35));
  assert.deepEqual([...sm.nextAction()], [0, 0, 0, 0, 0, 0, 1]);
  // Halfway past the deadzone: (0.55 - 0.1) / 0.9 = 0.5; device +x (right) is robot -y.
  sm.handleReport(int16s(1, 192.5, 0, 0, 0, 0, 0));
  const a = sm.nextAction();
  assert.ok(Math.abs(a[1]! + 0.5) < 2e-3, `y ${a[1]}`);
  // Past full scale clips to 1; lifting the cap (device -z) moves up, twisting it yaws.
  sm.handleReport(int16s(1, 0, 0, -700, 0, 0, -350));
  const b = sm.nextAction();
  assert.equal(b[2], 1);
  assert.equal(b[5], 1);
  assert.equal(SPACEMOUSE_DEFAULTS.axis.length, 6);
});

test('left button toggles the gripper on press; right starts then saves; both discard; keys still command', () => {
  const sm = new SpaceMouseTeleop();
  sm.handleReport(buttons(1));
  assert.equal(sm.closed, true);
  sm.handleReport(buttons(1)); // still held: no second toggle
  sm.handleReport(buttons(0));
  assert.equal(sm.closed, true);
  assert.equal(sm.nextAction()[6], -1);
  sm.handleReport(buttons(1));
  sm.handleReport(buttons(0));
  assert.equal(sm.closed, false);
  sm.handleReport(buttons(2));
  sm.handleReport(buttons(0));
  sm.handleReport(buttons(2));
  sm.handleReport(buttons(0));
  assert.deepEqual([sm.nextCommand(), sm.nextCommand(), sm.nextCommand()], ['start', 'save', undefined]);
  sm.handleReport(buttons(2));
  sm.handleReport(buttons(3));
  sm.handleReport(buttons(0));
  assert.deepEqual([sm.nextCommand(), sm.nextCommand(), sm.nextCommand()], ['start', 'discard', undefined]);
  assert.equal(sm.closed, false, 'pressing both does not toggle the gripper');
  sm.handleKey('nq');
  assert.deepEqual([sm.nextCommand(), sm.nextCommand()], ['start', 'quit']);
});

test('a SpaceMouse is found by its vendor and product ids; none found names the HID devices that are there', () => {
  assert.equal(isSpaceMouse({ vendorId: 0x256f, productId: 0xc635 }), true); // SpaceMouse Compact
  assert.equal(isSpaceMouse({ vendorId: 0x046d, productId: 0xc626 }), true); // SpaceNavigator
  assert.equal(isSpaceMouse({ vendorId: 0x046d, productId: 0xc52b }), false); // a Logitech receiver
  const m = noSpaceMouseMessage([{ vendorId: 0x046d, productId: 0xc52b, product: 'USB Receiver' }, { vendorId: 0x1234, productId: 0x1, manufacturer: 'Acme' }]);
  assert.match(m, /expected a 3Dconnexion SpaceMouse .* HID devices found: 046d:c52b USB Receiver, 1234:0001 Acme$/);
  assert.match(noSpaceMouseMessage([]), /no HID devices found/);
});

test('armkit teleop --device spacemouse with no SpaceMouse attached: one line naming what was found, exit 1, no file written', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'armkit-sm-')), 'demos.hdf5');
  const r = await runArmkit(['teleop', '--task', 'PickCube-v1', '--device', 'spacemouse', '--out', out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^armkit: InputDeviceError: --device spacemouse: expected a 3Dconnexion SpaceMouse .*(HID devices found|no HID devices found)/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.equal(existsSync(out), false);
});
