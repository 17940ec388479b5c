import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CONFORMANCE_DIR, RawClient, readJsonLines, readTranscript, sleep } from '../../test/hardware/rosbridge-replay.js';
import { MessageCatalog } from './message-catalog.js';
import { encodeMessage, type RosMessage } from './message-json.js';
import { RosGraph } from './ros-graph.js';
import { registerRosapi } from './rosapi-services.js';
import { MAX_MESSAGE_BYTES, RosbridgeServer } from './rosbridge-server.js';

// Replays the client frames (c2s) of the transcripts recorded from rosbridge 0.11.17 against our
// endpoint and compares the server frames (s2c) byte for byte. Frames that the ROS-side peer
// (a rospy node) caused are injected from the transcript at the point where they appear.

interface Setup {
  graph: RosGraph;
  publishers: Map<string, (msg: RosMessage) => void>;
  received: Map<string, RosMessage[]>;
}

function peer(topics: Record<string, string>, record: Record<string, string> = {}, latched: Record<string, [string, RosMessage]> = {}): Setup {
  const graph = new RosGraph(new MessageCatalog(1));
  registerRosapi(graph);
  graph.nodes.add('/conformance_peer');
  graph.advertiseService('/probe/trigger', 'std_srvs/Trigger', () => ({ success: true, message: 'triggered' }), '/conformance_peer');
  graph.advertiseService('/probe/set_bool', 'std_srvs/SetBool', (r) => ({ success: r['data'], message: `set to ${r['data'] ? 'True' : 'False'}` }), '/conformance_peer');
  graph.advertiseService('/probe/fail', 'std_srvs/Trigger', () => {
    throw new Error('simulated handler failure');
  }, '/conformance_peer');
  const publishers = new Map<string, (msg: RosMessage) => void>();
  for (const [name, type] of Object.entries(topics)) publishers.set(name, graph.advertise(name, type).publish);
  for (const [name, [type, msg]] of Object.entries(latched)) graph.advertise(name, type, { latch: true }).publish(msg);
  const received = new Map<string, RosMessage[]>();
  for (const [name, type] of Object.entries(record)) {
    received.set(name, []);
    graph.subscribe(name, type, (m) => received.get(name)!.push(structuredClone(m)));
  }
  return { graph, publishers, received };
}

async function replay(file: string, setup: Setup, options: { normalize?: (raw: string) => string; log?: string[] } = {}): Promise<void> {
  const lines = readTranscript(file);
  const logs = options.log ?? [];
  await using server = await RosbridgeServer.listen({ graph: setup.graph, port: 0, log: (l) => logs.push(l) });
  const clients = new Map<number, RawClient>();
  const norm = options.normalize ?? ((s: string) => s);
  for (const [i, line] of lines.entries()) {
    const where = `${file} line ${i + 1}`;
    if (line.event === 'client_open') clients.set(line.conn!, await RawClient.open(server.url));
    else if (line.event === 'client_close' && line.code === 1006) continue; // the TCP drop below already closed it
    else if (line.event === 'client_close') assert.equal(await clients.get(line.conn!)!.close(), 1000, `${where}: close code`);
    else if (line.event === 'proxy_drop_tcp') {
      clients.get(line.conn!)!.ws.terminate();
      await sleep(20);
    } else if (line.dir === 'c2s') {
      clients.get(line.conn!)!.ws.send(line.raw!);
      await sleep(3);
    } else if (line.dir === 's2c') {
      const f = line.frame!;
      const client = clients.get(line.conn!)!;
      const publish = f['op'] === 'publish' ? setup.publishers.get(String(f['topic'])) : undefined;
      if (publish && client.frames.length === 0) publish(JSON.parse(line.raw!).msg as RosMessage);
      if (f['op'] === 'call_service' && String(f['id']).startsWith('service_request:')) {
        Promise.resolve(setup.graph.service(String(f['service']))!.handler(f['args'] as RosMessage)).catch((e: Error) => peerErrors.push(e.message));
      }
      assert.equal(norm(await client.next()), norm(line.raw!), `${where}: server frame`);
    }
  }
  await sleep(50);
  for (const [conn, c] of clients) assert.deepEqual(c.frames, [], `${file}: frames left on connection ${conn}`);
}

const peerErrors: string[] = [];

/** Parsed messages, for comparing what reached the ROS side with the .rospy.jsonl side files. */
function asJson(setup: Setup, topic: string, type: string): unknown[] {
  const def = setup.graph.catalog.message(type)!;
  return setup.received.get(topic)!.map((m) => JSON.parse(encodeMessage(def, m)));
}

function expectedRospy(file: string): unknown[] {
  return readJsonLines<{ msg: unknown }>(file).map((l) => l.msg);
}

/** Bridge-substituted stamps are wall clock: keep only that they are recent. */
function wallStamps(msgs: unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(msgs), (k, v: { secs?: number }) => (k === 'stamp' && (v.secs ?? 0) > 1_700_000_000 ? 'wall' : v)) as unknown[];
}

function serverLog(file: string): string[] {
  return readFileSync(join(CONFORMANCE_DIR, file), 'utf8').split('\n').filter((l) => l && !l.includes('server started'));
}

describe('rosbridge 0.11.17 conformance (recorded transcripts)', () => {
  test('01 subscribe /joint_states: ten publishes with ujson encoding, then unsubscribe', async () => {
    await replay('01-subscribe-joint-states.jsonl', peer({ '/joint_states': 'sensor_msgs/JointState' }));
  });

  for (const [file, type] of [['02-advertise-float64multiarray', 'std_msgs/Float64MultiArray'], ['02-advertise-jointtrajectory', 'trajectory_msgs/JointTrajectory']] as const) {
    test(`${file}: no acks; what reaches ROS matches rospy's record`, async () => {
      const s = peer({}, { '/arm/joint_command': type });
      await replay(`${file}.jsonl`, s);
      assert.deepEqual(wallStamps(asJson(s, '/arm/joint_command', type)), wallStamps(expectedRospy(`${file}.rospy.jsonl`)));
    });
  }

  test('03 equilibrium pose: explicit stamp, header without stamp (bridge time), no header (zero stamp)', async () => {
    const s = peer({}, { '/cartesian_impedance_controller/equilibrium_pose': 'geometry_msgs/PoseStamped' });
    await replay('03-publish-equilibrium-pose.jsonl', s);
    const got = asJson(s, '/cartesian_impedance_controller/equilibrium_pose', 'geometry_msgs/PoseStamped');
    assert.deepEqual(wallStamps(got), wallStamps(expectedRospy('03-publish-equilibrium-pose.rospy.jsonl')));
  });

  test('04 call_service: results, string errors with result:false, raw id/args variants; server log', async () => {
    const log: string[] = [];
    await replay('04-call-service.jsonl', peer({}), { log });
    assert.deepEqual(log, serverLog('04-call-service.server-log.txt'));
  });

  test('05 advertise_service: requests to the client, result:false without values blocks until unadvertise', async () => {
    const log: string[] = [];
    peerErrors.length = 0;
    await replay('05-advertise-service.jsonl', peer({}), { log });
    assert.deepEqual(log, serverLog('05-advertise-service.server-log.txt'));
    const cli = JSON.parse(readFileSync(join(CONFORMANCE_DIR, '05-advertise-service.rosservice.json'), 'utf8')) as { stderr: string }[];
    assert.deepEqual(peerErrors.map((e) => `ERROR: service [/rl/set_bool] responded with an error: b'${e}'\n`), [cli[2]!.stderr]);
  });

  test('06 errors: silent on the wire, logged, connection kept; what reaches ROS', async () => {
    const log: string[] = [];
    const s = peer({ '/joint_states': 'sensor_msgs/JointState' }, { '/err/typed': 'std_msgs/String', '/err/float_array': 'std_msgs/Float64MultiArray' });
    await replay('06-errors.jsonl', s, { log });
    assert.deepEqual(log, serverLog('06-errors.server-log.txt'));
    const rospy = readJsonLines<{ topic: string; msg: unknown }>('06-errors.rospy.jsonl');
    assert.deepEqual(asJson(s, '/err/float_array', 'std_msgs/Float64MultiArray'), rospy.filter((l) => l.topic === '/err/float_array').map((l) => l.msg));
    assert.deepEqual(asJson(s, '/err/typed', 'std_msgs/String'), rospy.filter((l) => l.topic === '/err/typed').map((l) => l.msg));
  });

  test('08 rosapi: message details and topic type exact; topic, service and node lists from the graph', async () => {
    const s = peer({ '/joint_states': 'sensor_msgs/JointState' });
    const lines = readTranscript('08-rosapi.jsonl').filter((l) => l.dir);
    await using server = await RosbridgeServer.listen({ graph: s.graph, port: 0 });
    const c = await RawClient.open(server.url);
    for (let i = 0; i < lines.length; i += 2) {
      c.ws.send(lines[i]!.raw!);
      const got = JSON.parse(await c.next()) as Record<string, unknown>;
      const want = lines[i + 1]!.frame!;
      assert.deepEqual(Object.keys(got), Object.keys(want));
      if (String(want['service']).match(/message_details|topic_type/)) assert.deepEqual(got, want);
      else assert.deepEqual(Object.keys(got['values'] as object), Object.keys(want['values'] as object));
    }
    await c.close();
  });

  test('09 disconnect/reconnect: per-connection subscriptions, latched redelivery, close 1000 and TCP drop', async () => {
    const log: string[] = [];
    const s = peer({ '/joint_states': 'sensor_msgs/JointState' }, { '/arm/joint_command': 'std_msgs/Float64MultiArray' }, { '/robot_mode': ['std_msgs/String', { data: 'ready' }] });
    // rospy's seq counts publishes while the bridge was subscribed, which a replay cannot time.
    await replay('09-disconnect-reconnect.jsonl', s, { log, normalize: (r) => r.replace(/"seq":\d+/, '"seq":0') });
    assert.deepEqual(log.filter((l) => !l.startsWith('[INFO] Client')), serverLog('09-disconnect-reconnect.server-log.txt').filter((l) => !l.startsWith('[INFO] Client')));
    const sent = readJsonLines<{ msg: { data: number[] } }>('09-disconnect-reconnect.rospy.jsonl').map((l) => l.msg.data);
    assert.deepEqual(asJson(s, '/arm/joint_command', 'std_msgs/Float64MultiArray').map((m) => (m as { data: number[] }).data), sent);
  });

  test('10 numbers and bytes: float edge cases, NaN/Inf as null, exact int64, uint8[] as base64 both ways', async () => {
    const edges = [0, -0, 1, 0.1, 1 / 3, 1e-9, 1.5e-300, 1e300, 2 ** 53, 2 ** 53 + 2, 123456789.125, NaN, Infinity, -Infinity];
    const s = peer({}, { '/roundtrip/float': 'std_msgs/Float64MultiArray', '/roundtrip/bytes': 'std_msgs/UInt8MultiArray' }, {
      '/float_edges': ['std_msgs/Float64MultiArray', { layout: { dim: [{ label: 'x', size: 14, stride: 14 }], data_offset: 0 }, data: edges }],
      '/bytes': ['std_msgs/UInt8MultiArray', { layout: { dim: [], data_offset: 0 }, data: [0, 1, 2, 127, 128, 255] }],
      '/big_int': ['std_msgs/Int64', { data: 9223372036854775807n }],
    });
    await replay('10-number-binary-encoding.jsonl', s);
    const rospy = readJsonLines<{ topic: string; msg: unknown }>('10-number-binary-encoding.rospy.jsonl');
    assert.deepEqual(asJson(s, '/roundtrip/float', 'std_msgs/Float64MultiArray'), rospy.filter((l) => l.topic === '/roundtrip/float').map((l) => l.msg));
    const bytes = s.received.get('/roundtrip/bytes')!.map((m) => Array.from(m['data'] as ArrayLike<number>));
    assert.deepEqual(bytes, rospy.filter((l) => l.topic === '/roundtrip/bytes').map((l) => (l.msg as { data: number[] }).data));
  });
});

test('a message over 10 MiB closes the connection with 1009, as tornado does for rosbridge; one of 10 MiB is read', { timeout: 30_000 }, async () => {
  const { graph } = peer({});
  const logs: string[] = [];
  await using server = await RosbridgeServer.listen({ graph, port: 0, log: (l) => logs.push(l) });
  const call = (id: string) => JSON.stringify({ op: 'call_service', id, service: '/probe/trigger', args: {} });
  const pad = (text: string, bytes: number) => `${text.slice(0, -1)},"pad":"${'x'.repeat(bytes - text.length - 9)}"}`;
  const fits = await RawClient.open(server.url);
  fits.ws.send(pad(call('at-limit'), MAX_MESSAGE_BYTES));
  assert.equal((JSON.parse(await fits.next(10_000)) as { id: string }).id, 'at-limit');
  await fits.close();
  const over = await RawClient.open(server.url);
  over.ws.send(pad(call('over-limit'), MAX_MESSAGE_BYTES + 1));
  const end = Date.now() + 10_000;
  while (over.closeCode === null && Date.now() < end) await sleep(20);
  assert.equal(over.closeCode, 1009);
  assert.equal(over.frames.length, 0, 'nothing answered');
});
