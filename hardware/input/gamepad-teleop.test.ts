import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GamepadTeleop, type GamepadSnapshot } from './gamepad-teleop.js';

function pad(axes: number[], pressed: number[] = [], values: Record<number, number> = {}): GamepadSnapshot {
  const buttons = Array.from({ length: 17 }, (_, i) => ({ pressed: pressed.includes(i) || (values[i] ?? 0) > 0.5, value: values[i] ?? (pressed.includes(i) ? 1 : 0) }));
  return { axes, buttons };
}

test('standard mapping: sticks translate and yaw, bumpers roll, d-pad pitches, the right trigger grips', () => {
  const g = new GamepadTeleop(0.1);
  g.update(pad([0, -1, 0, 0]));
  assert.deepEqual([...g.nextAction()], [1, 0, 0, 0, 0, 0, 1], 'left stick up: away from the base');
  g.update(pad([-1, 0, 0, 1]));
  assert.deepEqual([...g.nextAction()], [0, 1, -1, 0, 0, 0, 1], 'left stick left: +y; right stick down: down');
  g.update(pad([0, 0, 0.55, 0], [5, 12], { 7: 0.8 }));
  const a = g.nextAction();
  assert.ok(Math.abs(a[5]! + 0.5) < 1e-6, `yaw ${a[5]}`);
  assert.deepEqual([a[3], a[4], a[6]], [1, -1, -1]);
  g.update(pad([0.05, -0.09, 0.1, -0.1], [], { 7: 0.4 }));
  assert.deepEqual([...g.nextAction()], [0, 0, 0, 0, 0, 0, 1], 'inside the deadzone, trigger under half');
  g.update(pad([Number.NaN, 2, 0, 0]));
  assert.deepEqual([...g.nextAction()], [-1, 0, 0, 0, 0, 0, 1], 'NaN reads 0, past 1 clips');
});

test('A starts, Y saves, B discards, back quits, each once per press', () => {
  const g = new GamepadTeleop();
  g.update(pad([], [0]));
  g.update(pad([], [0]));
  g.update(pad([], []));
  g.update(pad([], [3]));
  g.update(pad([], [1, 8]));
  assert.deepEqual([g.nextCommand(), g.nextCommand(), g.nextCommand(), g.nextCommand(), g.nextCommand()], ['start', 'save', 'discard', 'quit', undefined]);
});
