import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PANDA } from '../robot/panda/panda.js';
import { Robot } from '../robot/robot.js';
import { nowMs } from './clock.js';
import { CommandGate } from './command-gate.js';
import { createObservation } from './robot-driver.js';
import { SAFETY_DEFAULTS } from './safety/safety-config.js';

const robot = new Robot(PANDA);
const rest = PANDA.rest.qpos.slice(0, 7);

function freshObservation() {
  const obs = createObservation(robot);
  obs.armQ.set(rest);
  obs.seq = 1;
  obs.stamp = obs.receivedAt = nowMs();
  return obs;
}

test('reset moves (joint targets) are bounded by resetVelocityScale, not the normal velocity scale', () => {
  const config = { ...SAFETY_DEFAULTS, velocityScale: 0.5, resetVelocityScale: 0.2, maxRelativeTarget: 1 };
  const gate = new CommandGate(robot, config, 'pd_joint_pos', 20);
  const obs = freshObservation();
  gate.reset(obs);
  const far = rest.map((q) => q + 0.5);
  assert.equal(gate.prepareJoint(far, 0.04, obs, 'armed'), true);
  for (let i = 0; i < 7; i++) {
    const step = Math.abs(gate.result.armTarget[i]! - rest[i]!);
    assert.ok(step <= robot.chain.velocity[i]! * 0.2 / 20 + 1e-12, `joint ${i} moved ${step} rad in one reset command`);
  }
  assert.equal(gate.prepareJoint(far, 0.04, obs, 'armed', { velocityScale: 0.05 }), true);
  assert.ok(Math.abs(gate.result.armTarget[0]! - rest[0]!) <= robot.chain.velocity[0]! * 0.05 / 20 + 1e-12, 'a reset may ask to go slower');
});

test('a stale state trips the gate: commands stay held until the explicit re-arm, fresh state or not', () => {
  const gate = new CommandGate(robot, SAFETY_DEFAULTS, 'pd_joint_delta_pos', 20);
  const obs = freshObservation();
  gate.reset(obs);
  const zero = new Float32Array(8);
  assert.equal(gate.prepareAction(zero, obs, 'armed'), true);
  obs.receivedAt -= 1000;
  assert.equal(gate.prepareAction(zero, obs, 'armed'), false);
  assert.equal(gate.result.reason, 'stale-state');
  assert.equal(gate.tripped, 'stale-state');
  obs.receivedAt = nowMs();
  assert.equal(gate.prepareAction(zero, obs, 'armed'), false);
  assert.equal(gate.result.reason, 'not-armed');
  gate.reset(obs);
  assert.equal(gate.tripped, 'stale-state', 'an episode reset is not a re-arm');
  gate.rearm(obs);
  assert.equal(gate.prepareAction(zero, obs, 'armed'), true);
});

test('an e-stop trips the gate: clearing it is not enough to move', () => {
  const gate = new CommandGate(robot, SAFETY_DEFAULTS, 'pd_joint_delta_pos', 20);
  const obs = freshObservation();
  gate.reset(obs);
  gate.estop.trigger('key', 'test');
  gate.estop.clear();
  assert.equal(gate.prepareAction(new Float32Array(8), obs, 'armed'), false);
  assert.equal(gate.result.reason, 'not-armed');
  gate.rearm(obs);
  assert.equal(gate.prepareAction(new Float32Array(8), obs, 'armed'), true);
});

test('a state older than one control period holds the command without disarming; past the age limit the gate trips', () => {
  const gate = new CommandGate(robot, SAFETY_DEFAULTS, 'pd_joint_delta_pos', 100);
  const obs = freshObservation();
  gate.reset(obs);
  const zero = new Float32Array(8);
  obs.receivedAt = nowMs() - 12;
  assert.equal(gate.prepareAction(zero, obs, 'armed'), true);
  assert.equal(gate.onTime(obs, nowMs()), false);
  assert.equal(gate.result.reason, 'late-state');
  assert.equal(gate.tripped, null, 'a burst gap is not a lost stream');
  obs.receivedAt = nowMs();
  assert.equal(gate.prepareAction(zero, obs, 'armed'), true);
  assert.equal(gate.onTime(obs, nowMs()), true, 'the next fresh state commands again, no re-arm');
  obs.receivedAt = nowMs() - SAFETY_DEFAULTS.maxStateAgeMs - 1;
  assert.equal(gate.prepareAction(zero, obs, 'armed'), false);
  assert.equal(gate.tripped, 'stale-state');
});
