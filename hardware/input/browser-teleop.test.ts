import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputDeviceError } from '../hardware-errors.js';
import { parseBrowserInput, type BrowserInput } from './browser-input.js';
import { BrowserTeleop } from './browser-teleop.js';

let seq = 0;
function input(o: Partial<BrowserInput>): BrowserInput {
  return { seq: seq++, at: 1000 + seq, held: [], pressed: [], pad: null, ...o };
}

function pad(axes: number[], values: Record<number, number> = {}): BrowserInput['pad'] {
  return { axes, buttons: Array.from({ length: 17 }, (_, i) => ({ pressed: (values[i] ?? 0) > 0.5, value: values[i] ?? 0 })) };
}

const round = (a: Float32Array) => [...a].map((x) => Math.round(x * 1000) / 1000);

test('held keys move at keyGain every step while held; a tap inside one period moves one step', () => {
  const d = new BrowserTeleop({ keyGain: 0.3, padGain: 0.6 });
  d.handle(input({ held: ['w', 'd'], pressed: ['w', 'd'] }));
  assert.deepEqual(round(d.nextAction()), [0.3, -0.3, 0, 0, 0, 0, 1]);
  assert.deepEqual(round(d.nextAction()), [0.3, -0.3, 0, 0, 0, 0, 1], 'still held');
  d.handle(input({ held: [] }));
  assert.deepEqual(round(d.nextAction()), [0, 0, 0, 0, 0, 0, 1]);
  d.handle(input({ held: ['r'], pressed: ['r'] }));
  d.handle(input({ held: [] }));
  assert.deepEqual(round(d.nextAction()), [0, 0, 0.3, 0, 0, 0, 1], 'the tap counts once');
  assert.deepEqual(round(d.nextAction()), [0, 0, 0, 0, 0, 0, 1]);
  d.handle(input({ held: ['w', 's', 'j'], pressed: ['w', 's', 'j', ' '] }));
  assert.deepEqual(round(d.nextAction()), [0, 0, 0, 0, 0, 0.3, -1], 'opposite keys cancel; space closes');
});

test('the gamepad goes through the standard mapping, scaled by padGain, adding to the keys and clipped', () => {
  const d = new BrowserTeleop({ keyGain: 0.5, padGain: 0.5, deadzone: 0.1 });
  d.handle(input({ pad: pad([0, -1, 0, 0]) }));
  assert.deepEqual(round(d.nextAction()), [0.5, 0, 0, 0, 0, 0, 1], 'left stick up: +x');
  d.handle(input({ held: ['w', 'l'], pad: pad([0, -1, 0.55, 1], { 7: 0.9 }) }));
  assert.deepEqual(round(d.nextAction()), [1, 0, -0.5, 0, 0, -0.75, -1], 'stick and key add, to the clip; the trigger grips');
  d.handle(input({ pad: pad([0.05, 0, 0, 0]) }));
  assert.deepEqual(round(d.nextAction()), [0, 0, 0, 0, 0, 0, 1], 'deadzone; trigger let go opens');
  d.handle(input({ pressed: [' '] }));
  d.handle(input({ pad: pad([0, 0, 0, 0], { 7: 1 }) }));
  d.handle(input({ pad: pad([0, 0, 0, 0]) }));
  assert.equal(d.nextAction()[6], -1, 'space holds it closed whatever the trigger does');
});

test('commands from keys, pad buttons and page buttons come in order, once per press; release lets everything go', () => {
  const d = new BrowserTeleop();
  d.handle(input({ pressed: ['n'] }));
  d.handle(input({ pad: pad([], { 3: 1 }) }));
  d.handle(input({ pad: pad([], { 3: 1 }) }));
  d.handle(input({ button: 'discard', pad: pad([]) }));
  d.handle(input({ held: ['x'], pressed: ['x'] }));
  d.handle(input({ held: ['x'] }));
  d.command('quit');
  assert.deepEqual([d.nextCommand(), d.nextCommand(), d.nextCommand(), d.nextCommand(), d.nextCommand(), d.nextCommand()], ['start', 'save', 'discard', 'discard', 'quit', undefined]);
  d.handle(input({ held: ['a'], pressed: ['a'], pad: pad([-1, 0, 0, 0]) }));
  const stale = seq - 1;
  d.handle({ ...input({ held: ['s'] }), seq: stale });
  assert.equal(d.nextAction()[0], 0, 'an old message is ignored');
  assert.deepEqual(d.takeApplied().map((a) => a.seq), [seq - 8, seq - 7, seq - 6, seq - 5, seq - 4, seq - 3, seq - 2]);
  assert.deepEqual(d.takeApplied(), [], 'each input is applied once');
  d.handle(input({ held: ['a'], pad: pad([-1, 0, 0, 0]) }));
  d.release();
  assert.deepEqual([...d.nextAction()], [0, 0, 0, 0, 0, 0, 1]);
  d.handle({ ...input({ held: ['w'] }), seq: 0 });
  assert.ok(d.nextAction()[0]! > 0, 'a new page counts from 0 again');
});

test('page messages are checked: each wrong field is named', () => {
  assert.deepEqual(parseBrowserInput('{"seq":1,"at":2.5,"held":["w"],"pressed":[],"pad":null}'), { seq: 1, at: 2.5, held: ['w'], pressed: [], pad: null });
  const bad = (text: string, message: RegExp) => assert.throws(() => parseBrowserInput(text), (e: unknown) => e instanceof InputDeviceError && message.test(e.message), text);
  bad('nope', /expected JSON, got "nope"/);
  bad('[]', /the message: expected a teleop page message, got \[\]/);
  bad('{"seq":-1,"at":0,"held":[],"pressed":[],"pad":null}', /\.seq: expected an integer >= 0, got -1/);
  bad('{"seq":1,"at":0,"held":[],"pressed":[],"pad":{"axes":[1e999],"buttons":[]}}', /\.pad\.axes\[0\]: expected a finite number/);
  bad('{"seq":1,"at":0,"held":[],"pressed":[],"pad":null,"button":"fire"}', /\.button: expected one of start, save, discard, quit, got "fire"/);
  bad('{"seq":1,"at":0,"held":[],"pressed":[],"pad":null,"extra":1}', /\.extra: expected one of the fields/);
  bad(JSON.stringify({ seq: 1, at: 0, held: Array(40).fill('w'), pressed: [], pad: null }), /\.held: expected at most 32 keys/);
});
