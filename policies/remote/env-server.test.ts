import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack, unpack } from 'msgpackr';
import { curveKeyPair, Dealer } from 'zeromq';
import { InvalidArgumentError } from '../../errors.js';
import { makeEnv } from '../../tasks/make-env.js';
import { SyncVectorEnv } from '../../tasks/vector/sync-vector-env.js';
import { readKey, writeKeyPair } from './curve-keys.js';
import { encodeEnvHeader, type EnvReply } from './env-protocol.js';
import { EnvServer } from './env-server.js';
import { floatFrame, PROTOCOL_VERSION } from './protocol.js';

const TASK = 'PickCube-v1';
const vecOf = (n: number) => new SyncVectorEnv(Array.from({ length: n }, () => makeEnv(TASK, { controlMode: 'pd_ee_delta_pose' })));

/** A raw client: send parts, get the reply header and its frames as floats. */
function client(endpoint: string, options: ConstructorParameters<typeof Dealer>[0] = {}) {
  // Send times out too: a client whose CURVE handshake already failed has no peer to queue to, and
  // its send would wait for one forever.
  const socket = new Dealer({ linger: 0, sendTimeout: 5000, receiveTimeout: 5000, ...options });
  socket.connect(endpoint);
  let id = 0;
  return {
    socket,
    async ask(body: Record<string, unknown>, frames: Float32Array[] = []): Promise<{ header: EnvReply; frames: Float32Array[] }> {
      await socket.send([pack({ v: PROTOCOL_VERSION, id: ++id, ...body }), ...frames.map(floatFrame)]);
      const [header, ...parts] = await socket.receive();
      return { header: unpack(header!) as EnvReply, frames: parts.map((p) => new Float32Array(p.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength))) };
    },
  };
}

test('served envs step exactly as the same envs in process; a refused step leaves them in lockstep', async () => {
  const vec = vecOf(2);
  const local = vecOf(2);
  await using server = await EnvServer.start(vec, { bind: 'tcp://127.0.0.1:*' });
  const c = client(server.endpoint);
  try {
    const opened = await c.ask({ t: 'open' });
    assert.equal(opened.header.t, 'opened');
    if (opened.header.t !== 'opened') return;
    const { session, env } = opened.header;
    assert.deepEqual([env.id, env.numEnvs, env.obsDim, env.actDim, env.controlMode], [TASK, 2, 42, 7, 'pd_ee_delta_pose']);
    assert.deepEqual(opened.frames[2], vec.actionSpace.low);
    const reset = await c.ask({ t: 'reset', session, seeds: [5, 9] });
    assert.deepEqual(reset.frames[0], await local.reset([5, 9]));
    const actions = Float32Array.from({ length: 14 }, (_, i) => Math.sin(i) * 0.5);
    const nan = actions.slice();
    nan[10] = NaN; // env 1's action[3]
    for (let step = 0; step < 4; step++) {
      // A NaN in env 1's row: refused by the env's own check and message, and env 0 did not step either.
      const refused = await c.ask({ t: 'step', session }, [nan]);
      assert.equal(refused.header.t, 'error');
      if (refused.header.t === 'error') {
        assert.equal(refused.header.code, 'env-error');
        assert.equal(refused.header.error, 'InvalidActionError');
        assert.equal(refused.header.message, `${TASK}: action[3] must be a finite number, got NaN`);
      }
      const got = await c.ask({ t: 'step', session }, [actions]);
      const want = await local.step(actions);
      assert.equal(got.header.t, 'stepped');
      assert.deepEqual(got.frames[0], want.obs);
      assert.deepEqual(got.frames[1], want.rewards);
      if (got.header.t === 'stepped') {
        assert.deepEqual(got.header.info.elapsed_steps, [step + 1, step + 1]);
        assert.deepEqual(got.header.info.success, Array.from(want.success, (x) => x === 1));
      }
    }
    // The batch's length: the vector env's own refusal.
    const short = await c.ask({ t: 'step', session }, [actions.subarray(0, 13)]);
    assert.ok(short.header.t === 'error' && short.header.error === 'EnvError' && /expected 2 x 7 = 14 action entries, got 13/.test(short.header.message), JSON.stringify(short.header));
  } finally {
    c.socket.close();
    local.close();
    vec.close();
  }
});

test('bad requests get typed error replies; a newer session takes the env over and the old one is refused by name', async () => {
  const vec = vecOf(1);
  await using server = await EnvServer.start(vec, { bind: 'tcp://127.0.0.1:*' });
  const a = client(server.endpoint);
  const b = client(server.endpoint);
  try {
    const bad = await a.socket.send([Buffer.from([0x85, 0xa1])]).then(() => a.socket.receive());
    assert.equal((unpack(bad[0]!) as EnvReply & { code: string }).code, 'malformed-header');
    const v2 = await a.ask({ v: 2, t: 'open' });
    assert.ok(v2.header.t === 'error' && v2.header.code === 'unknown-version');
    const opened = await a.ask({ t: 'open' });
    const first = opened.header.t === 'opened' ? opened.header.session : -1;
    const seeds = await a.ask({ t: 'reset', session: first, seeds: [1, 2] });
    assert.ok(seeds.header.t === 'error' && /expected seeds to be an array of 1 u32 seeds/.test(seeds.header.message));
    const frames = await a.ask({ t: 'step', session: first }, []);
    assert.ok(frames.header.t === 'error' && frames.header.code === 'wrong-frame-count');
    // Step before reset: the env's own ResetNeededError.
    const early = await a.ask({ t: 'step', session: first }, [new Float32Array(7)]);
    assert.ok(early.header.t === 'error' && early.header.error === 'ResetNeededError', JSON.stringify(early.header));
    // One env: a frame of the wrong length is that env's action of the wrong length.
    await a.ask({ t: 'reset', session: first, seeds: [1] });
    const six = await a.ask({ t: 'step', session: first }, [new Float32Array(6)]);
    assert.ok(six.header.t === 'error' && six.header.error === 'InvalidActionError' && six.header.message === `${TASK}: expected an action of 7 entries for pd_ee_delta_pose, got 6`, JSON.stringify(six.header));
    const taken = await b.ask({ t: 'open' });
    assert.equal(taken.header.t, 'opened');
    const old = await a.ask({ t: 'step', session: first }, [new Float32Array(7)]);
    assert.ok(old.header.t === 'error' && old.header.code === 'unknown-session' && /another client opened it since/.test(old.header.message));
    assert.equal(server.stats.steps, 0);
  } finally {
    a.socket.close();
    b.socket.close();
    vec.close();
  }
});

test('off loopback the env server needs CURVE keys; a client without the server key gets nothing', async () => {
  const vec = vecOf(1);
  try {
    await assert.rejects(EnvServer.start(vec, { bind: 'tcp://0.0.0.0:*' }), (e: unknown) => e instanceof InvalidArgumentError && /needs CURVE keys/.test((e as Error).message));
    const dir = mkdtempSync(join(tmpdir(), 'armkit-env-keys-'));
    const { secretPath, publicPath } = writeKeyPair(dir);
    await using server = await EnvServer.start(vec, { bind: 'tcp://127.0.0.1:*', curveSecretKey: readKey(secretPath) });
    const mine = curveKeyPair();
    const good = client(server.endpoint, { curveServerKey: readKey(publicPath), curvePublicKey: mine.publicKey, curveSecretKey: mine.secretKey });
    const wrong = client(server.endpoint, { curveServerKey: curveKeyPair().publicKey, curvePublicKey: mine.publicKey, curveSecretKey: mine.secretKey, sendTimeout: 300, receiveTimeout: 300 });
    const plain = client(server.endpoint, { sendTimeout: 300, receiveTimeout: 300 });
    try {
      assert.equal((await good.ask({ t: 'open' })).header.t, 'opened');
      await assert.rejects(wrong.ask({ t: 'open' }), (e: unknown) => (e as { code?: string }).code === 'EAGAIN');
      await assert.rejects(plain.ask({ t: 'open' }), (e: unknown) => (e as { code?: string }).code === 'EAGAIN');
    } finally {
      for (const c of [good, wrong, plain]) c.socket.close();
    }
  } finally {
    vec.close();
  }
});

test('encodeEnvHeader round-trips through msgpack', () => {
  assert.deepEqual(unpack(encodeEnvHeader({ v: PROTOCOL_VERSION, t: 'closed', id: 3 })), { v: 1, t: 'closed', id: 3 });
});
