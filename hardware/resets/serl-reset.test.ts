import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runRobot } from '../../test/hardware/run-robot.js';
import { startTwin, twinDriver } from '../../test/hardware/twin-fixtures.js';
import { PoseRegionDetector } from '../detectors/pose-region-detector.js';
import { ResetError } from '../hardware-errors.js';
import type { JointMoveOptions } from '../robot-driver.js';
import { SimDriver } from '../sim/sim-driver.js';
import { SerlReset } from './serl-reset.js';

test('SERL reset: arrives at rest + a bounded seeded offset, a full joint reset every N episodes, a timeout when it cannot', async () => {
  await using driver = new SimDriver({ task: 'PickCube-v1', controlMode: 'pd_ee_delta_pose' });
  await driver.connect();
  const reset = new SerlReset({ kind: 'serl', fullResetEvery: 2, offsetXyz: 0.02, tolerance: 0.005 });
  const rest = driver.robot.description.rest.qpos.slice(0, 7);
  await reset.reset(driver, { episode: 0, attempt: 0, seed: 5, realTime: false });
  assert.ok(driver.getObservation().armQ.every((q, i) => Math.abs(q - rest[i]!) <= 0.005), 'full reset at episode 0');
  const target = reset.target(driver, { episode: 1, attempt: 0, seed: 5, realTime: false });
  assert.deepEqual(target, reset.target(driver, { episode: 1, attempt: 0, seed: 5, realTime: false }), 'seeded');
  assert.ok(target.some((q, i) => Math.abs(q - rest[i]!) > 1e-4), 'offset from rest');
  await reset.reset(driver, { episode: 1, attempt: 0, seed: 5, realTime: false });
  const tcp = driver.getObservation().tcp.p;
  assert.ok(driver.getObservation().armQ.every((q, i) => Math.abs(q - target[i]!) <= 0.005), 'arrived at the offset pose');
  assert.ok(Number.isFinite(tcp.x));
  // Pressed onto the box floor, a straight joint path back would dip below it: the reset goes via TCP waypoints.
  for (let i = 0; i < 40; i++) driver.sendAction([0, 0, -1, 0, 0, 0, 1]);
  assert.ok(driver.getObservation().tcp.p.z < 0.02, 'the arm rests on the box floor');
  await reset.reset(driver, { episode: 1, attempt: 1, seed: 5, realTime: false });
  const tooFast = new SerlReset({ kind: 'serl', fullResetEvery: 1, timeoutS: 0.05, restQ: [1, 0, 0, -1.5, 0, 1.5, 0] });
  await assert.rejects(tooFast.reset(driver, { episode: 0, attempt: 0, seed: 0, realTime: false }), (e: unknown) => e instanceof ResetError && /did not arrive within 0.05 s/.test(e.message));
});

test('resets never exceed resetVelocityScale: the twin checks every reset command against the states it published', async () => {
  await using twin = await startTwin(20);
  await using driver = twinDriver(twin.url, 20);
  await driver.connect();
  // Count the commands the driver put on the wire, to hold the twin to checking each reset one.
  let sent = 0;
  let total = 0;
  const send = driver.sendJointTarget.bind(driver);
  driver.sendJointTarget = (arm: ArrayLike<number>, gripper: number, options?: JointMoveOptions) => {
    const r = send(arm, gripper, options);
    if (r.status !== 'held') (sent++, total++);
    return r;
  };
  const act = driver.sendAction.bind(driver);
  driver.sendAction = (a: ArrayLike<number>) => {
    const r = act(a);
    if (r.status !== 'held') total++;
    return r;
  };
  // The reset phase starts and ends once the twin has every command sent so far (a loaded machine delays some).
  const caughtUp = async () => {
    const deadline = performance.now() + 2000;
    while (twin.received.joint < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1));
  };
  // No scene reset: the arm drives back from wherever the policy left it.
  const serl = new SerlReset({ kind: 'serl', fullResetEvery: 1, tolerance: 0.02, sceneReset: false });
  const audit = twin.audit!;
  const report = await runRobot(driver, {
    episodes: 3,
    maxSteps: 20,
    realTime: true,
    detector: new PoseRegionDetector({ kind: 'pose', point: 'tcp', box: { low: { x: 9, y: 9, z: 9 }, high: { x: 10, y: 10, z: 10 } } }),
    reset: {
      reset: async (d, ctx) => {
        await caughtUp();
        audit.resetting = true;
        try {
          await serl.reset(d, ctx);
        } finally {
          await caughtUp();
          audit.resetting = false;
        }
      },
    },
    // A loaded machine may stall the loop past the state-age limit: re-arm on fresh state and go on.
    onInterrupt: async () => {
      await driver.waitForState(driver.getObservation().seq, 1000);
      driver.rearm();
      return true;
    },
  });
  assert.equal(report.stoppedBy, null);
  assert.ok(sent >= 10, `${sent} reset commands`);
  assert.equal(audit.resetChecked, sent, 'every reset command was checked at the reset speed');
  assert.equal(audit.violationCount, 0, audit.violations.join('\n'));
});
