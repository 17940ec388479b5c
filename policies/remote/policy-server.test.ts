import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'msgpackr';
import { Dealer } from 'zeromq';
import { InvalidArgumentError } from '../../errors.js';
import { assetPath } from '../../robot/asset-path.js';
import { loadPolicy, loadPredictor } from '../load-policy.js';
import { ChunkedPolicy } from '../runner/chunked-policy.js';
import { PolicyServer } from './policy-server.js';
import { decodeReply, encodeHeader, PROTOCOL_VERSION } from './protocol.js';
import { RemotePredictor } from './remote-predictor.js';
import { ProtocolError, RemotePolicyError } from './remote-errors.js';
import { readKey, writeKeyPair } from './curve-keys.js';

const model = (name: string) => assetPath(`test/fixtures/models/${name}`);
const execution = { execution: { providers: ['cpu' as const] } };

async function serve(name: string, options: Partial<Parameters<typeof PolicyServer.start>[1]> = {}): Promise<PolicyServer> {
  return PolicyServer.start(await loadPredictor(model(name), execution), { bind: 'tcp://127.0.0.1:*', ...options });
}

/** Send raw parts from a DEALER and return the decoded reply header. */
async function raw(socket: Dealer, parts: (Buffer | Uint8Array)[]): Promise<ReturnType<typeof decodeReply>> {
  await socket.send(parts);
  const [header] = await socket.receive();
  return decodeReply(header);
}

test('a remote BC policy acts exactly as the same model in process, batched across clients', async () => {
  await using server = await serve('bc-mlp.onnx', { maxWaitMs: 5 });
  const local = await loadPolicy(model('bc-mlp.onnx'), execution);
  const remotes = await Promise.all([0, 1].map(async () => new ChunkedPolicy(await RemotePredictor.connect(server.endpoint, { timeoutMs: 5000 }))));
  const f = local.layout.frameSize;
  const obs = Float32Array.from({ length: 3 * f }, (_, i) => Math.sin(i * 0.37));
  local.reset({ seed: 1 });
  for (const r of remotes) r.reset({ seed: 1 });
  for (let step = 0; step < 3; step++) {
    const want = await local.act(obs, 3);
    const got = await Promise.all(remotes.map((r) => r.act(obs, 3)));
    for (const g of got) assert.deepEqual(g, want);
    obs.forEach((x, i) => (obs[i] = x + 0.01 * i));
  }
  // Both clients' requests of one step arrived within the window: fewer model calls than requests.
  assert.ok(server.stats.modelCalls < server.stats.requests, `${server.stats.modelCalls} calls for ${server.stats.requests} requests`);
  await local.dispose();
  for (const r of remotes) await r.dispose();
});

test('bad requests get typed error replies naming the problem; another client keeps getting answers', async () => {
  await using server = await serve('bc-mlp.onnx');
  const good = new ChunkedPolicy(await RemotePredictor.connect(server.endpoint, { timeoutMs: 5000 }));
  good.reset();
  const frame = good.layout.frameSize;
  const bad = new Dealer({ linger: 0, receiveTimeout: 5000 });
  bad.connect(server.endpoint);
  try {
    const opened = await raw(bad, [encodeHeader({ v: PROTOCOL_VERSION, t: 'open', id: 1 })]);
    assert.equal(opened.t, 'opened');
    const session = opened.t === 'opened' ? opened.session : -1;
    const observe = (extra: object = {}) => pack({ v: PROTOCOL_VERSION, t: 'observe', id: 2, session, m: 1, seeds: [7], ...extra });
    const cases: [string, (Buffer | Uint8Array)[], string, RegExp][] = [
      ['not msgpack', [Buffer.from([0xc1, 0xc1])], 'malformed-header', /msgpack header map/],
      ['a list, not a map', [pack([1, 2])], 'malformed-header', /got an array/],
      ['version 2', [pack({ v: 2, t: 'open', id: 3 })], 'unknown-version', /expected protocol version 1, got 2/],
      ['type', [pack({ v: 1, t: 'dance', id: 3 })], 'unknown-type', /got "dance"/],
      ['seeds', [observe({ seeds: [] }), Buffer.alloc(frame * 4)], 'malformed-header', /seeds/],
      ['odd bytes', [observe(), Buffer.alloc(frame * 4 + 3)], 'wrong-frame-size', /multiple of 4 bytes\), got 171 bytes/],
      ['no frame', [observe()], 'wrong-frame-count', /1 float32 frame, got 0/],
      ['short obs', [observe(), Buffer.alloc((frame - 1) * 4)], 'wrong-observation-length', new RegExp(`= ${frame} floats, got ${frame - 1}`)],
      ['session', [observe({ session: 999 }), Buffer.alloc(frame * 4)], 'unknown-session', /session 999/],
    ];
    for (const [what, parts, code, message] of cases) {
      const reply = await raw(bad, parts);
      assert.equal(reply.t, 'error', what);
      if (reply.t === 'error') {
        assert.equal(reply.code, code, what);
        assert.match(reply.message, message, what);
      }
      const a = await good.act(new Float32Array(frame).fill(0.1), 1);
      assert.equal(a.length, good.actionDim, `after ${what}`);
    }
    assert.equal(server.stats.refused, cases.length);
  } finally {
    bad.close();
    await good.dispose();
  }
});

test('a server killed mid-episode: the next step fails within the timeout, then a restarted server is picked up', async () => {
  const first = await serve('bc-mlp.onnx');
  const endpoint = first.endpoint;
  const timeoutMs = 400;
  const policy = new ChunkedPolicy(await RemotePredictor.connect(endpoint, { timeoutMs }), { actionHorizon: 1 });
  policy.reset();
  const obs = new Float32Array(policy.layout.frameSize).fill(0.2);
  const before = Float32Array.from(await policy.act(obs, 1));
  await first.close();
  const t0 = performance.now();
  await assert.rejects(Promise.resolve(policy.act(obs, 1)), (e: unknown) => e instanceof RemotePolicyError && /no reply to 'observe' within 400 ms/.test(e.message));
  const waited = performance.now() - t0;
  assert.ok(waited < timeoutMs + 300, `failed after ${waited.toFixed(0)} ms`);
  // Same port, new process-worth of state: the client opens a new session by itself.
  await using second = await serve('bc-mlp.onnx', { bind: endpoint });
  policy.reset();
  assert.deepEqual(await policy.act(obs, 1), before);
  assert.equal(second.stats.requests, 1);
  await policy.dispose();
});

test('CURVE: a non-loopback bind needs keys; a client with the wrong server key gets nothing', async () => {
  const predictor = await loadPredictor(model('bc-mlp.onnx'), execution);
  await assert.rejects(PolicyServer.start(predictor, { bind: 'tcp://0.0.0.0:*' }), (e: unknown) => e instanceof InvalidArgumentError && /needs CURVE keys/.test(e.message));
  const dir = mkdtempSync(join(tmpdir(), 'armkit-keys-'));
  const right = writeKeyPair(dir);
  const other = writeKeyPair(mkdtempSync(join(tmpdir(), 'armkit-keys-')));
  await using server = await PolicyServer.start(predictor, { bind: 'tcp://0.0.0.0:*', curveSecretKey: readKey(right.secretPath) });
  const endpoint = server.endpoint.replace('0.0.0.0', '127.0.0.1');
  await assert.rejects(RemotePredictor.connect(endpoint, { timeoutMs: 500, serverKey: readKey(other.publicPath) }), RemotePolicyError);
  await assert.rejects(RemotePredictor.connect(endpoint, { timeoutMs: 500 }), RemotePolicyError);
  const ok = await RemotePredictor.connect(endpoint, { timeoutMs: 5000, serverKey: readKey(right.publicPath) });
  assert.equal(ok.actionDim, predictor.actionDim);
  await ok.dispose();
  assert.equal(server.stats.refused, 0);
  assert.throws(() => writeKeyPair(dir), /already exists/);
  void ProtocolError;
});
