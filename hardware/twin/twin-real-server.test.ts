import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawClient, sleep } from '../../test/hardware/rosbridge-replay.js';
import { TwinServer } from './twin-server.js';

/** Arrival times and texts of every frame a raw client receives for `ms`. */
async function listen(c: RawClient, ms: number): Promise<{ at: number; text: string }[]> {
  const out: { at: number; text: string }[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    try {
      out.push({ text: await c.next(Math.max(1, end - performance.now())), at: performance.now() });
    } catch {
      break;
    }
  }
  return out;
}

test('real-server mode: joint states come in bursts with 34-46 ms gaps, none lost, finger velocities null, slashes escaped', async () => {
  await using twin = await TwinServer.start({ task: 'PickCube-v1', port: 0, rateHz: 250, realServer: true, seed: 3 });
  const c = await RawClient.open(twin.url);
  c.ws.send(JSON.stringify({ op: 'subscribe', topic: '/joint_states', type: 'sensor_msgs/JointState' }));
  const frames = await listen(c, 1000);
  await c.close();
  // 250 states a second when the twin keeps its rate; a loaded machine makes fewer, which changes
  // nothing below (the bursts and their order are what is checked).
  assert.ok(frames.length > 40, `${frames.length} frames`);
  const gaps = frames.slice(1).map((f, i) => f.at - frames[i]!.at);
  // Each gap is 34-46 ms of silence plus at most one twin period (4 ms) before the backlog goes.
  const long = gaps.filter((g) => g > 30);
  assert.ok(long.length >= 8, `gaps over 30 ms: ${long.map((g) => g.toFixed(0)).join(', ')}`);
  // Bursts: the backlog of a gap leaves at once, so many frames arrive within a millisecond of the last.
  assert.ok(gaps.filter((g) => g < 1).length > frames.length / 2, 'frames of a burst arrive together');
  const seqs = frames.map((f) => (JSON.parse(f.text) as { msg: { header: { seq: number } } }).msg.header.seq);
  assert.ok(seqs.every((s, i) => i === 0 || s === seqs[i - 1]! + 1), 'every state made in a gap is delivered, in order');
  assert.match(frames[0]!.text, /^\{"op":"publish","topic":"\\\/joint_states","msg":\{/);
  assert.match(frames[0]!.text, /"velocity":\[(-?[\d.e+-]+,){7}null,null\]/);
});

test('real-server mode: a failed subscribe or advertise gets no reply, only a log line; the connection stays', async () => {
  const log: string[] = [];
  await using twin = await TwinServer.start({ task: 'PickCube-v1', port: 0, realServer: true, log: (l) => log.push(l) });
  const c = await RawClient.open(twin.url);
  c.ws.send(JSON.stringify({ op: 'subscribe', id: 's1', topic: '/joint_states', type: 'std_msgs/String' }));
  c.ws.send(JSON.stringify({ op: 'advertise', id: 'a1', topic: '/x', type: 'nonexistent_msgs/Thing' }));
  assert.deepEqual(await listen(c, 200), []);
  assert.ok(log.some((l) => l.includes('[id: s1] subscribe: Tried to register topic /joint_states with type std_msgs/String')));
  assert.ok(log.some((l) => l.includes('[id: a1] advertise: Unable to load the manifest for package nonexistent_msgs')));
  c.ws.send(JSON.stringify({ op: 'call_service', id: 'c1', service: '/twin/reset', args: {} }));
  assert.match(await c.next(), /"result":true,"id":"c1"/);
  await c.close();
});

test('a client advertising a service again overwrites it as rosbridge does: a warning, calls in progress aborted, the new one answers', { timeout: 5000 }, async () => {
  const log: string[] = [];
  await using twin = await TwinServer.start({ task: 'PickCube-v1', port: 0, log: (l) => log.push(l) });
  const c = await RawClient.open(twin.url);
  const advertise = JSON.stringify({ op: 'advertise_service', service: '/armkit/estop', type: 'std_srvs/Trigger' });
  c.ws.send(advertise);
  await sleep(20);
  const first = Promise.resolve(twin.graph.service('/armkit/estop')!.handler({})).then(() => 'answered', (e: Error) => e.message);
  assert.equal((JSON.parse(await c.next()) as { id: string }).id, 'service_request:/armkit/estop:1');
  c.ws.send(advertise);
  assert.equal(await first, 'service cannot process request: service handler returned None');
  assert.ok(log.some((l) => l === '[WARN] [Client 0] Duplicate service advertised. Overwriting /armkit/estop.'), log.join('\n'));
  const second = Promise.resolve(twin.graph.service('/armkit/estop')!.handler({}));
  const request = JSON.parse(await c.next()) as { id: string };
  c.ws.send(JSON.stringify({ op: 'service_response', service: '/armkit/estop', id: request.id, values: { success: true, message: 'ok' }, result: true }));
  assert.deepEqual(await second, { success: true, message: 'ok' });
  assert.deepEqual(await listen(c, 100), [], 'one request per call');
  await c.close();
});
