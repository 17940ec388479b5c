import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RawClient, sleep } from '../../test/hardware/rosbridge-replay.js';
import { MessageCatalog } from './message-catalog.js';
import { RosGraph } from './ros-graph.js';
import { RosbridgeServer } from './rosbridge-server.js';

// Transcript 07 in short: a 100 Hz publisher, subscriptions with throttle_rate/queue_length pairs.
// Exact frames depend on timing, so rates and staleness are compared instead.
test('07 throttle_rate and queue_length behave as rosbridge 0.11.17 (newest at 10 Hz, drop, oldest queued, all)', async () => {
  const graph = new RosGraph(new MessageCatalog(1));
  const pub = graph.advertise('/throttle_test', 'sensor_msgs/JointState');
  let n = 0;
  const timer = setInterval(() => pub.publish({ header: { frame_id: `n=${++n}` }, name: ['j'], position: [n], velocity: [], effort: [] }), 10);
  await using server = await RosbridgeServer.listen({ graph, port: 0 });
  const c = await RawClient.open(server.url);
  const phase = async (throttle: number, queue: number, ms: number) => {
    c.frames.length = 0;
    c.ws.send(JSON.stringify({ op: 'subscribe', id: `s${throttle}-${queue}`, type: 'sensor_msgs/JointState', topic: '/throttle_test', throttle_rate: throttle, queue_length: queue }));
    const got: { k: number; lag: number; at: number }[] = [];
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const f = await c.next(500).catch(() => null);
      if (!f) continue;
      const k = Number(/"frame_id":"n=(\d+)"/.exec(f)![1]);
      got.push({ k, lag: n - k, at: performance.now() });
    }
    c.ws.send(JSON.stringify({ op: 'unsubscribe', id: `s${throttle}-${queue}`, topic: '/throttle_test' }));
    await sleep(150);
    return got;
  };
  try {
    const a = await phase(100, 1, 1000);
    assert.ok(a.length >= 8 && a.length <= 11, `throttle 100 / queue 1: ~10 Hz, got ${a.length} in 1 s`);
    assert.ok(a.every((x) => x.lag <= 2), 'always (nearly) the newest message');
    const b = await phase(100, 0, 1000);
    // At most ~10 a second, none closer than half the window: a stream that did not drop would
    // arrive every 10 ms (arrival times jitter by tens of ms on a loaded machine).
    const gaps = b.slice(1).map((x, i) => x.at - b[i]!.at);
    assert.ok(b.length >= 7 && b.length <= 11 && gaps.every((g) => g >= 50), `queue 0: drops within the window (${b.length} frames, gaps ${gaps.map((g) => g.toFixed(0)).join(",")} ms)`);
    const q = await phase(100, 10, 1000);
    assert.ok(q.length >= 8 && q.length <= 11, `queue 10: ~10 Hz, got ${q.length}`);
    assert.ok(q.slice(3).every((x) => x.lag >= 5), `queue 10: the oldest queued message, ~100 ms stale (lags ${q.map((x) => x.lag).join(',')})`);
    const all = await phase(0, 0, 300);
    assert.ok(all.length >= 20, `0/0: everything at 100 Hz, got ${all.length} in 300 ms`);
  } finally {
    clearInterval(timer);
    await c.close();
  }
});
