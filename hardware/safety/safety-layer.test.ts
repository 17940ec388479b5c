import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PANDA } from '../../robot/panda/panda.js';
import { Robot } from '../../robot/robot.js';
import { SAFETY_DEFAULTS } from './safety-config.js';
import { SafetyLayer } from './safety-layer.js';

const robot = new Robot(PANDA);
const layer = new SafetyLayer(robot, SAFETY_DEFAULTS, { lower: -0.01, upper: 0.04 });
const rest = PANDA.rest.qpos.slice(0, 7);
const dt = 0.05;

test('a small step inside every limit passes unchanged', () => {
  const t = Float64Array.from(rest, (x) => x + 0.01);
  assert.equal(layer.apply(rest, t, dt), 'ok');
  assert.deepEqual(Array.from(t), rest.map((x) => x + 0.01));
});

test('per-step change is limited by max_relative_target and the velocity limits', () => {
  const t = Float64Array.from(rest, (x) => x + 1);
  assert.equal(layer.apply(rest, t, dt), 'clipped');
  for (let i = 0; i < 7; i++) assert.ok(Math.abs(t[i]! - rest[i]!) <= layer.maxStep(i, dt) + 1e-12);
  assert.ok(layer.maxStep(0, dt) < 0.1, 'half of 2.175 rad/s over 50 ms is below 0.1 rad');
});

test('NaN and Inf are rejected; a state outside the joint limits is held', () => {
  assert.equal(layer.apply(rest, Float64Array.from(rest, (x, i) => (i === 2 ? NaN : x)), dt), 'non-finite');
  assert.equal(layer.apply(rest, Float64Array.from(rest, (x, i) => (i === 2 ? -Infinity : x)), dt), 'non-finite');
  const outside = rest.map((x, i) => (i === 3 ? 0.5 : x));
  assert.equal(layer.apply(outside, Float64Array.from(outside), dt), 'outside-limits');
});

test('the TCP stays inside the workspace box: a step toward the table is shortened', () => {
  const boxed = new SafetyLayer(robot, { ...SAFETY_DEFAULTS, workspace: { low: { x: -1, y: -1, z: 0.15 }, high: { x: 1, y: 1, z: 1 } } }, { lower: 0, upper: 0.04 });
  const start = boxed.tcpWorld(rest);
  assert.ok(start.p.z > 0.15);
  const t = Float64Array.from(rest);
  t[1] = t[1]! + 0.05; // shoulder forward: the TCP goes down
  assert.equal(boxed.apply(rest, t, dt), 'clipped');
  assert.ok(boxed.tcpWorld(t).p.z >= 0.15);
  assert.ok(t[1]! > rest[1]! && t[1]! < rest[1]! + 0.05);
});

test('gripper targets are clamped into the finger range', () => {
  assert.equal(layer.clampGripper(1), 0.04);
  assert.equal(layer.clampGripper(-1), -0.01);
});
