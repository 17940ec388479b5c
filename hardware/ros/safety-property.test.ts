import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as yieldNow } from 'node:timers/promises';
import { RawClient } from '../../test/hardware/rosbridge-replay.js';
import { startTwin, twinDriver } from '../../test/hardware/twin-fixtures.js';
import { Rng } from '../../math/rng.js';
import { SAFETY_DEFAULTS, type SafetyConfig } from '../safety/safety-config.js';

const SEQUENCES = 10_000;
const LENGTH = 4;
const CONTROL_HZ = 20;
// A generous watchdog: the property is about limits, and a burst must not be held as stale.
const SAFETY: SafetyConfig = { ...SAFETY_DEFAULTS, maxStateAgeMs: 500 };

/** One random action: valid, huge, NaN/Inf-laced, wrong length, wrong types, or far outside the joint range. */
function randomAction(rng: Rng, dim: number, low: Float32Array, high: Float32Array): ArrayLike<number> {
  const kind = rng.int(7);
  const len = kind === 3 ? [0, 1, dim - 1, dim + 1, dim + 5][rng.int(5)]! : dim;
  const a = Array.from({ length: len }, (_, i) => (i < dim && Number.isFinite(low[i]!) ? rng.uniform(low[i]!, high[i]!) : rng.uniform(-4, 4)));
  switch (kind) {
    case 1: // huge
      for (let i = 0; i < len; i++) if (rng.random() < 0.5) a[i] = (rng.random() < 0.5 ? -1 : 1) * 10 ** rng.uniform(2, 300);
      break;
    case 2: // non-finite
      a[rng.int(len)] = [NaN, Infinity, -Infinity][rng.int(3)]!;
      break;
    case 4: // wrong types
      (a as unknown[])[rng.int(len)] = ['1', null, undefined, {}, true][rng.int(5)];
      break;
    case 5: // far outside any range
      for (let i = 0; i < len; i++) a[i] = rng.uniform(-50, 50);
      break;
  }
  return a;
}

const SETUPS = [
  { controlMode: 'pd_joint_pos', command: { interface: 'float64_array', topic: '/arm/joint_command' } },
  { controlMode: 'pd_joint_delta_pos', command: { interface: 'joint_trajectory', topic: '/arm/joint_trajectory' } },
  { controlMode: 'pd_ee_delta_pose', command: { interface: 'equilibrium_pose', topic: '/cartesian_impedance_controller/equilibrium_pose' } },
  { controlMode: 'pd_joint_target_delta_pos', command: { interface: 'float64_array', topic: '/arm/joint_command' } },
] as const;

test(`safety property: ${SEQUENCES} random action sequences through the ROS driver reach the twin only inside the box, delta and joint limits`, async () => {
  await using twin = await startTwin(CONTROL_HZ, SAFETY);
  const rng = new Rng(20240611);
  let sent = 0;
  let held = 0;
  const perSetup = SEQUENCES / SETUPS.length;
  for (const setup of SETUPS) {
    await using driver = twinDriver(twin.url, CONTROL_HZ, [], { controlMode: setup.controlMode, command: setup.command, safety: SAFETY });
    await driver.connect();
    const { size, low, high } = driver.actionFeatures;
    for (let s = 0; s < perSetup; s++) {
      for (let k = 0; k < LENGTH; k++) {
        const r = driver.sendAction(randomAction(rng, size, low, high));
        if (r.status === 'held') held++;
        else sent++;
        assert.ok(r.action.every(Number.isFinite), 'the reported action is finite');
      }
      // Let joint states flow between batches, as a control loop would.
      if (s % 25 === 24) await yieldNow();
    }
    // Park the arm back at its reset pose for the next setup.
    await driver.resetScene(0);
  }
  await new Promise((r) => setTimeout(r, 100));
  const audit = twin.audit!;
  assert.ok(sent > SEQUENCES, `most actions produce a command (sent ${sent}, held ${held})`);
  assert.ok(held > SEQUENCES / 2, `NaN, Inf, wrong lengths and wrong types are held (held ${held})`);
  const arm = twin.received.joint + twin.received.trajectory + twin.received.pose;
  assert.equal(arm, sent, 'every command sent reached the twin');
  assert.equal(audit.checked, 2 * sent, 'the twin checked every arm and finger command');
  process.stdout.write(`# ${sent} commands sent and audited, ${held} held\n`);
  assert.equal(audit.violationCount, 0, audit.violations.slice(0, 10).join('\n'));
});

test('safety property: the twin-side audit does flag unsafe commands (the check can fail)', async () => {
  await using twin = await startTwin(CONTROL_HZ, SAFETY);
  await new Promise((r) => setTimeout(r, 50));
  const raw = await RawClient.open(twin.url);
  const send = (topic: string, type: string, msg: unknown) => {
    raw.ws.send(JSON.stringify({ op: 'advertise', topic, type }));
    raw.ws.send(JSON.stringify({ op: 'publish', topic, msg }));
  };
  const q = Array.from(twin.sim.scene.arm.q);
  send('/arm/joint_command', 'std_msgs/Float64MultiArray', { data: q.map((x, i) => (i === 1 ? x + 0.5 : x)) }); // delta too large
  send('/arm/joint_command', 'std_msgs/Float64MultiArray', { data: q.map((x, i) => (i === 3 ? 0.5 : x)) }); // beyond joint 4's upper limit
  send('/cartesian_impedance_controller/equilibrium_pose', 'geometry_msgs/PoseStamped', { pose: { position: { x: 0.6, y: 0, z: -0.2 }, orientation: { x: 1, y: 0, z: 0, w: 0 } } }); // under the table
  send('/gripper/command', 'std_msgs/Float64', { data: 0.5 });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(twin.audit!.violationCount, 4, twin.audit!.violations.join('\n'));
  await raw.close();
});
