import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from '../../errors.js';
import { parseRemoteUrl } from './remote-url.js';

test('zmq:// ids: endpoint, timeout, and the async client with its aggregation', () => {
  const plain = parseRemoteUrl('zmq://gpu-box:5555?timeout=500', {});
  assert.deepEqual(plain, { endpoint: 'tcp://gpu-box:5555', options: { timeoutMs: 500 }, async: null });
  assert.deepEqual(parseRemoteUrl('zmq://127.0.0.1:5555?async=0.5', {}).async, { threshold: 0.5, aggregation: { kind: 'latest' } });
  assert.deepEqual(parseRemoteUrl('zmq://127.0.0.1:5555?async=1&aggregate=average:0.3', {}).async, { threshold: 1, aggregation: { kind: 'average', weight: 0.3 } });
  const refused = (url: string, pattern: RegExp) => assert.throws(() => parseRemoteUrl(url, {}), (e: unknown) => e instanceof InvalidArgumentError && pattern.test((e as Error).message));
  refused('zmq://h:1?async=1.5', /async: expected the fraction of a chunk .* got "1.5"/);
  refused('zmq://h:1?async=', /async: expected .* got ""/);
  refused('zmq://h:1?async=0.5&aggregate=mean', /aggregate: expected latest or average:W .* got "mean"/);
  refused('zmq://h:1?async=0.5&aggregate=average:0', /got "average:0"/);
  refused('zmq://h:1?aggregate=latest', /aggregate applies only with async=THRESHOLD/);
  refused('zmq://h:1?batch=2', /expected the parameters timeout, key, async and aggregate, got "batch"/);
});
