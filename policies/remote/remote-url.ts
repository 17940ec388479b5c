import { InvalidArgumentError } from '../../errors.js';
import { readKey } from './curve-keys.js';
import type { RemotePredictorOptions } from './remote-predictor.js';

/** Where a `zmq://` policy id points and how to talk to it. */
export interface RemoteTarget {
  /** The ZeroMQ endpoint, `tcp://HOST:PORT`. */
  readonly endpoint: string;
  readonly options: RemotePredictorOptions;
}

/**
 * Read a policy id `zmq://HOST:PORT[?timeout=MS][&key=SERVER.pub]`. The server's public key
 * comes from `key=` or else from the file named by `ARMKIT_SERVER_KEY`, when either is set.
 * @throws InvalidArgumentError naming the part that does not parse.
 */
export function parseRemoteUrl(url: string, env: NodeJS.ProcessEnv = process.env): RemoteTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (e) {
    throw new InvalidArgumentError(`--policy ${url}: expected zmq://HOST:PORT[?timeout=MS][&key=SERVER.pub], got something that is not a URL`, { cause: e });
  }
  if (parsed.protocol !== 'zmq:' || parsed.hostname === '' || parsed.port === '' || (parsed.pathname !== '' && parsed.pathname !== '/')) {
    throw new InvalidArgumentError(`--policy ${url}: expected zmq://HOST:PORT[?timeout=MS][&key=SERVER.pub]`);
  }
  for (const name of parsed.searchParams.keys()) {
    if (name !== 'timeout' && name !== 'key') throw new InvalidArgumentError(`--policy ${url}: expected the parameters timeout and key, got "${name}"`);
  }
  const timeout = parsed.searchParams.get('timeout');
  const timeoutMs = timeout === null ? undefined : Number(timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= 600_000)) throw new InvalidArgumentError(`--policy ${url}: timeout: expected milliseconds in [1, 600000], got "${timeout}"`);
  const keyFile = parsed.searchParams.get('key') ?? env.ARMKIT_SERVER_KEY;
  return {
    endpoint: `tcp://${parsed.hostname}:${parsed.port}`,
    options: { ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(keyFile ? { serverKey: readKey(keyFile) } : {}) },
  };
}
