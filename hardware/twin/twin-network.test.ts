import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { InvalidArgumentError } from '../../errors.js';
import { RawClient, sleep } from '../../test/hardware/rosbridge-replay.js';
import { twinDriver } from '../../test/hardware/twin-fixtures.js';
import { ConnectionError } from '../hardware-errors.js';
import { TwinServer } from './twin-server.js';

const RATE_HZ = 50;
const PERIOD_MS = 1000 / RATE_HZ;

/** The frames: n "{" then n "}" (4 KB and 8 KB held rosbridge's buffer 10 s and 45 s). */
const bomb = (n: number) => '{'.repeat(n) + '}'.repeat(n);

function longestGap(times: number[]): number {
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i]! - times[i - 1]!);
  return gap;
}

/** Open a WebSocket; resolves with it, or rejects with the server's refusal. */
function dial(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

test('during brace-bomb frames the twin keeps publishing joint states within its period and answers the next call', { timeout: 30_000 }, async (t) => {
  await using twin = await TwinServer.start({ task: 'PickCube-v1', port: 0, rateHz: RATE_HZ });
  const listener = await RawClient.open(twin.url);
  const arrivals: number[] = [];
  listener.ws.on('message', () => arrivals.push(performance.now()));
  listener.ws.send(JSON.stringify({ op: 'subscribe', topic: '/joint_states', type: 'sensor_msgs/JointState' }));
  await sleep(500);
  const attacker = await RawClient.open(twin.url);
  const from = performance.now();
  for (let k = 0; k < 20; k++) {
    attacker.ws.send(bomb(k % 2 === 0 ? 2048 : 4096));
    await sleep(PERIOD_MS / 2);
  }
  attacker.ws.send(JSON.stringify({ op: 'call_service', id: 'after-bombs', service: '/rosapi/topics', args: {} }));
  const answer = JSON.parse(await attacker.next()) as { id: string; result: boolean };
  const to = performance.now();
  assert.deepEqual([answer.id, answer.result], ['after-bombs', true]);
  const during = arrivals.filter((t) => t >= from && t <= to);
  const gap = longestGap(during);
  const before = longestGap(arrivals.filter((t) => t < from).slice(1));
  t.diagnostic(`longest joint-state gap while bombed: ${gap.toFixed(1)} ms over ${during.length} states (before: ${before.toFixed(1)} ms; period ${PERIOD_MS} ms)`);
  // Timers on a loaded machine slip by some ms, bombs or not; a stall of even one bomb was seconds.
  assert.ok(gap < Math.max(2.5 * PERIOD_MS, before + PERIOD_MS), `longest gap between joint states while bombed: ${gap.toFixed(1)} ms (before: ${before.toFixed(1)} ms, period ${PERIOD_MS} ms)`);
  assert.ok(during.length >= 0.7 * ((to - from) / PERIOD_MS), `${during.length} joint states in ${(to - from).toFixed(0)} ms`);
  await attacker.close();
  await listener.close();
});

test('a twin off loopback needs a token: refused without one, and clients without it (or with a wrong one) cannot connect', { timeout: 30_000 }, async () => {
  await assert.rejects(TwinServer.start({ task: 'PickCube-v1', port: 0, host: '0.0.0.0' }), (e: unknown) => e instanceof InvalidArgumentError && /binding 0\.0\.0\.0 \(not loopback\) needs an access token/.test(e.message));
  const token = 'correct-horse-battery';
  await using twin = await TwinServer.start({ task: 'PickCube-v1', port: 0, host: '0.0.0.0', token });
  const url = `ws://127.0.0.1:${twin.server.port}`;
  for (const bad of [url, `${url}/?token=wrong`, `${url}/?token=${token}x`]) {
    await assert.rejects(dial(bad), /Unexpected server response: 401/, bad);
  }
  assert.equal(twin.server.clientCount, 0, 'no refused client reached the graph');
  const ws = await dial(`${url}/?token=${token}`);
  ws.close();
  const logs: string[] = [];
  await using refused = twinDriver(url, 20, logs, { reconnect: { initialDelayMs: 20, maxDelayMs: 50, connectTimeoutMs: 300 } });
  await assert.rejects(refused.connect(), (e: unknown) => e instanceof ConnectionError && /did not accept a connection.*401/.test(e.message));
  await using driver = twinDriver(url, 20, logs, { token });
  await driver.connect();
  assert.ok(driver.getObservation().stamp > 0, 'joint states through the driver');
  assert.ok(logs.every((l) => !l.includes(token)), 'log lines leave the token out');
});

test('a twin on IPv6 loopback gives a URL a client can dial (the address in brackets)', { timeout: 30_000 }, async () => {
  await using twin = await TwinServer.start({ task: 'PickCube-v1', port: 0, host: '::1' });
  assert.equal(twin.server.url, `ws://[::1]:${twin.server.port}`);
  const ws = await dial(twin.server.url);
  ws.close();
});
