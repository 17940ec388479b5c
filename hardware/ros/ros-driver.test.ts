import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTwin, twinDriver } from '../../test/hardware/twin-fixtures.js';
import { runRobot } from '../../test/hardware/run-robot.js';
import { RawClient } from '../../test/hardware/rosbridge-replay.js';
import { PoseRegionDetector } from '../detectors/pose-region-detector.js';
import { ConfigError } from '../hardware-errors.js';
import { SAFETY_DEFAULTS } from '../safety/safety-config.js';
import type { TwinServer } from '../twin/twin-server.js';
import { parseRosDriverConfig } from './ros-driver-config.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ZERO = [0, 0, 0, 0, 0, 0, 1];

test('twin stopped mid-episode: the driver holds, reconnects when it returns, and the loop goes on without an exception', async () => {
  let twin: TwinServer = await startTwin(20);
  const port = Number(new URL(twin.url).port);
  const logs: string[] = [];
  await using driver = twinDriver(twin.url, 20, logs);
  await driver.connect();
  let rearms = 0;
  const run = runRobot(driver, {
    episodes: 2,
    maxSteps: 16,
    seed: 0,
    realTime: true,
    detector: new PoseRegionDetector({ kind: 'pose', point: 'tcp', box: { low: { x: 9, y: 9, z: 9 }, high: { x: 10, y: 10, z: 10 } } }),
    reset: { reset: async (d, ctx) => d.resetScene?.(ctx.seed) },
    // Deploy's recovery: wait for the robot to be back and unarmed, then the explicit re-arm.
    onInterrupt: async () => {
      const deadline = performance.now() + 10_000;
      while (performance.now() < deadline) {
        if (driver.status === 'unarmed') {
          await driver.waitForState(driver.getObservation().seq, 200);
          rearms++;
          driver.rearm();
          return true;
        }
        await sleep(50);
      }
      return false;
    },
  });
  await sleep(300);
  await twin.close();
  await sleep(100);
  const held = driver.sendAction(ZERO);
  assert.equal(held.status, 'held');
  assert.equal(held.reason, 'disconnected');
  await sleep(300);
  twin = await startTwin(20, SAFETY_DEFAULTS, 250, port);
  const report = await run;
  await twin.close();
  assert.equal(report.stoppedBy, null);
  assert.ok(report.interruptions >= 1, 'the attempt in progress was interrupted');
  assert.equal(report.episodes.length, 2, 'both episodes completed after the reconnection');
  assert.ok(rearms >= 1, 'the loop asked for an explicit re-arm');
  assert.ok(logs.some((l) => l.includes('lost')) && logs.filter((l) => l.includes('connected to')).length >= 2);
});

test('after a reconnection the driver stays unarmed until rearm(), and rearm needs fresh state', async () => {
  let twin = await startTwin(20);
  const port = Number(new URL(twin.url).port);
  await using driver = twinDriver(twin.url, 20);
  await driver.connect();
  await twin.close();
  await sleep(50);
  assert.throws(() => driver.rearm(), /not connected/);
  twin = await startTwin(20, SAFETY_DEFAULTS, 250, port);
  try {
    const seq = driver.getObservation().seq;
    assert.ok(await driver.waitForState(seq, 3000));
    await sleep(20);
    assert.equal(driver.status, 'unarmed');
    assert.equal(driver.sendAction(ZERO).reason, 'not-armed');
    driver.rearm();
    assert.notEqual(driver.sendAction(ZERO).status, 'held');
  } finally {
    await twin.close();
  }
});

test('joint states stalled: motion commands stop within one control period, and resume only after fresh state and an explicit re-arm', async () => {
  const hz = 20;
  // The default age limit (100 ms, two periods): the commands stop within a period all the same.
  await using twin = await startTwin(hz);
  await using driver = twinDriver(twin.url, hz);
  await driver.connect();
  const period = 1000 / hz;
  let stallAt = 0;
  const reasons: (string | null)[] = [];
  let lastDuringStall = 0;
  for (let k = 0; k < 14; k++) {
    if (k === 4) {
      twin.stall(true);
      stallAt = performance.timeOrigin + performance.now();
    }
    if (k === 10) {
      lastDuringStall = twin.lastCommandAt;
      twin.stall(false);
    }
    const r = driver.sendAction(ZERO);
    if (k >= 4 && k < 10) reasons.push(r.reason);
    await sleep(period);
  }
  // Late commands are held; the first stale one trips the arm; the rest are held as not armed.
  const trip = reasons.indexOf('stale-state');
  assert.ok(trip > 0 && reasons.slice(0, trip).includes('late-state') && reasons.slice(trip + 1).every((r) => r === 'not-armed'), `held: ${reasons.join(',')}`);
  assert.ok(lastDuringStall - stallAt <= period, `last command ${(lastDuringStall - stallAt).toFixed(1)} ms after the stall (one period: ${period} ms)`);
  const before = twin.lastCommandAt;
  await sleep(3 * period);
  assert.equal(driver.sendAction(ZERO).reason, 'not-armed', 'fresh state alone does not resume motion');
  assert.equal(twin.lastCommandAt, before);
  assert.equal(driver.status, 'unarmed');
  driver.rearm();
  assert.notEqual(driver.sendAction(ZERO).status, 'held', 'an explicit re-arm with fresh state does');
});

test('garbage and wrong-type messages from the server are logged and ignored', async () => {
  await using twin = await startTwin(20);
  const logs: string[] = [];
  await using driver = twinDriver(twin.url, 20, logs);
  await driver.connect();
  const before = driver.getObservation();
  twin.server.broadcastRaw('this is not json');
  twin.server.broadcastRaw('{"op":"publish","topic":"/joint_states","msg":{"data":"x"}}');
  twin.server.broadcastRaw('{"op":"publish","topic":"/joint_states","msg":{"name":["panda_joint1"],"position":["a"]}}');
  twin.server.broadcastRaw(JSON.stringify({ op: 'publish', topic: '/joint_states', msg: { name: [...before.armQ.keys()].map((i) => `panda_joint${i + 1}`).concat(['panda_finger_joint1', 'panda_finger_joint2']), position: [null, 0, 0, 0, 0, 0, 0, 0, 0] } }));
  twin.server.broadcastRaw('{"op":"publish","topic":"/twin/observation/goal_pos","msg":{"data":["x",1,2]}}');
  twin.server.broadcastRaw('[1,2,3]');
  twin.server.broadcastRaw('{"op":"service_response","values":{}}');
  await sleep(100);
  const after = driver.getObservation();
  assert.equal(driver.status, 'armed');
  assert.ok(after.seq > before.seq, 'joint states keep flowing');
  assert.ok(after.armQ.every(Number.isFinite));
  assert.ok(after.extras.get('goal_pos')!.every(Number.isFinite));
  assert.ok(driver.refused.size >= 3, `refused: ${[...driver.refused.keys()].join('; ')}`);
  assert.ok(logs.some((l) => l.startsWith('ignored a message')));
  assert.notEqual(driver.sendAction(ZERO).status, 'held');
});

test('a bad driver config is refused naming the field, what was expected and what came', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ url: 'http://x' }, /^robot\.url: expected a ws:\/\/ or wss:\/\/ URL, found "http:\/\/x"/],
    [{ controlHz: 0 }, /^robot\.controlHz: expected a rate in \[1, 1000\] Hz, found 0/],
    [{ rosVersion: 3 }, /^robot\.rosVersion: expected 1 or 2, found 3/],
    [{ jointStates: { topic: 'joint_states' } }, /^robot\.jointStates\.topic: expected a ROS name starting with "\/", found "joint_states"/],
    [{ command: { interface: 'torque' } }, /^robot\.command\.interface: expected one of float64_array, joint_trajectory, equilibrium_pose, found "torque"/],
    [{ safety: { maxRelativeTarget: -1 } }, /^robot\.safety\.maxRelativeTarget: expected a number in/],
    [{ safety: { workspace: { low: { x: 0, y: 0, z: 0 }, high: { x: -1, y: 1, z: 1 } } } }, /^robot\.safety\.workspace\.high\.x: expected a value above low\.x/],
    [{ contolHz: 20 }, /^robot\.contolHz: expected one of the fields/],
    [{ observationTopics: [{ key: 'goal' }] }, /^robot\.observationTopics\[0\]\.topic: expected a ROS name/],
  ];
  for (const [patch, re] of cases) {
    assert.throws(() => parseRosDriverConfig({ driver: 'ros', ...patch }), (e: unknown) => e instanceof ConfigError && re.test(e.message), JSON.stringify(patch));
  }
});

test('joint states are subscribed throttled to the control rate: a 20 Hz loop does not parse the 250 Hz stream', async () => {
  await using twin = await startTwin(20);
  await using driver = twinDriver(twin.url, 20);
  await driver.connect();
  const first = driver.getObservation().seq;
  await sleep(1000);
  const perSecond = driver.getObservation().seq - first;
  // 12 ms throttle: at most ~83 states a second reach the driver, and at least a few per period.
  assert.ok(perSecond <= 90 && perSecond >= 40, `${perSecond} joint states in 1 s`);
});

test('when no joint state comes, connect() says why, asked of the graph: no such topic, or another type on it', async () => {
  await using twin = await startTwin(20);
  const quick = { reconnect: { initialDelayMs: 20, maxDelayMs: 200, connectTimeoutMs: 600 } };
  await using missing = twinDriver(twin.url, 20, [], { ...quick, jointStates: { topic: '/no_such_joint_states' } });
  await assert.rejects(missing.connect(), /no joint state on \/no_such_joint_states within 600 ms: nothing publishes \/no_such_joint_states \(only subscribers\)/);
  await using wrongType = twinDriver(twin.url, 20, [], { ...quick, jointStates: { topic: '/twin/observation/obj_pose' } });
  await assert.rejects(wrongType.connect(), /\/twin\/observation\/obj_pose carries std_msgs\/Float64MultiArray, not sensor_msgs\/JointState/);
});

test('the e-stop service keeps one handler over reconnects: each call is answered once, and it latches the e-stop', async () => {
  let twin: TwinServer = await startTwin(20);
  const port = Number(new URL(twin.url).port);
  await using driver = twinDriver(twin.url, 20, [], { estop: { service: '/armkit/estop' } });
  await driver.connect();
  for (let k = 0; k < 2; k++) {
    await twin.close();
    await sleep(100);
    twin = await startTwin(20, SAFETY_DEFAULTS, 250, port);
    const deadline = performance.now() + 5000;
    while (driver.status !== 'unarmed' && performance.now() < deadline) await sleep(20);
    await driver.waitForState(driver.getObservation().seq, 1000);
  }
  // roslib dispatches service calls by emitting the service name on the connection handle.
  const ros = (driver as unknown as { link: { ros: { listenerCount(name: string): number } } }).link.ros;
  assert.equal(ros.listenerCount('/armkit/estop'), 1, 'one handler after two reconnects');
  await twin.close();
});

test('e-stop by topic and by service, ten times each: latched, disarmed, cleared, re-armed, commanding again', async () => {
  await using twin = await startTwin(20);
  await using driver = twinDriver(twin.url, 20, [], { estop: { topic: '/armkit/estop', service: '/armkit/estop_srv' } });
  await driver.connect();
  const raw = await RawClient.open(twin.url);
  raw.ws.send(JSON.stringify({ op: 'advertise', topic: '/armkit/estop', type: 'std_msgs/Bool' }));
  const zero = new Float32Array(driver.actionFeatures.size);
  const until = async (what: () => boolean) => {
    const deadline = performance.now() + 2000;
    while (!what() && performance.now() < deadline) await sleep(5);
  };
  for (const path of ['topic', 'service'] as const) {
    for (let k = 0; k < 10; k++) {
      if (path === 'topic') raw.ws.send(JSON.stringify({ op: 'publish', topic: '/armkit/estop', msg: { data: true } }));
      else raw.ws.send(JSON.stringify({ op: 'call_service', service: '/armkit/estop_srv', id: `e${k}`, args: {} }));
      await until(() => driver.status === 'estopped');
      assert.equal(driver.status, 'estopped', `${path} ${k}: latched`);
      assert.match(driver.estop.reason!, new RegExp(`^${path}:`));
      assert.equal(driver.sendAction(zero).reason, 'estop');
      driver.estop.clear();
      assert.equal(driver.status, 'unarmed', `${path} ${k}: cleared but not re-armed`);
      await driver.waitForState(driver.getObservation().seq, 500);
      driver.rearm();
      assert.notEqual(driver.sendAction(zero).status, 'held', `${path} ${k}: commanding again`);
    }
  }
  await raw.close();
});
