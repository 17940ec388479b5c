import { InvalidArgumentError } from '../../errors.js';
import { readKey } from './curve-keys.js';
import type { AsyncChunkedPolicyOptions } from './async-chunked-policy.js';
import type { RemotePredictorOptions } from './remote-predictor.js';

/** Where a `zmq://` policy id points and how to talk to it. */
export interface RemoteTarget {
  /** The ZeroMQ endpoint, `tcp://HOST:PORT`. */
  readonly endpoint: string;
  readonly options: RemotePredictorOptions;
  /** Async chunked inference (`?async=THRESHOLD[&aggregate=latest|average:W]`), or null for the sync client. */
  readonly async: AsyncChunkedPolicyOptions | null;
}

const FORM = 'zmq://HOST:PORT[?timeout=MS][&key=SERVER.pub][&async=THRESHOLD[&aggregate=latest|average:W]]';

/**
 * Read a policy id `zmq://HOST:PORT[?timeout=MS][&key=SERVER.pub][&async=THRESHOLD[&aggregate=latest|average:W]]`.
 * The server's public key comes from `key=` or else from the file named by `ARMKIT_SERVER_KEY`,
 * when either is set. `async=` asks for the next chunk once THRESHOLD (0..1) of a chunk is left
 * while executing the current one (AsyncChunkedPolicy); `aggregate=` combines overlapping chunks.
 * @throws InvalidArgumentError naming the part that does not parse.
 */
export function parseRemoteUrl(url: string, env: NodeJS.ProcessEnv = process.env): RemoteTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (e) {
    throw new InvalidArgumentError(`--policy ${url}: expected ${FORM}, got something that is not a URL`, { cause: e });
  }
  if (parsed.protocol !== 'zmq:' || parsed.hostname === '' || parsed.port === '' || (parsed.pathname !== '' && parsed.pathname !== '/')) {
    throw new InvalidArgumentError(`--policy ${url}: expected ${FORM}`);
  }
  for (const name of parsed.searchParams.keys()) {
    if (!['timeout', 'key', 'async', 'aggregate'].includes(name)) throw new InvalidArgumentError(`--policy ${url}: expected the parameters timeout, key, async and aggregate, got "${name}"`);
  }
  const timeout = parsed.searchParams.get('timeout');
  const timeoutMs = timeout === null ? undefined : Number(timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs >= 1 && timeoutMs <= 600_000)) throw new InvalidArgumentError(`--policy ${url}: timeout: expected milliseconds in [1, 600000], got "${timeout}"`);
  const keyFile = parsed.searchParams.get('key') ?? env.ARMKIT_SERVER_KEY;
  return {
    endpoint: `tcp://${parsed.hostname}:${parsed.port}`,
    options: { ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(keyFile ? { serverKey: readKey(keyFile) } : {}) },
    async: readAsync(url, parsed.searchParams),
  };
}

function readAsync(url: string, params: URLSearchParams): AsyncChunkedPolicyOptions | null {
  const threshold = params.get('async');
  const aggregate = params.get('aggregate');
  if (threshold === null) {
    if (aggregate !== null) throw new InvalidArgumentError(`--policy ${url}: aggregate applies only with async=THRESHOLD`);
    return null;
  }
  const t = Number(threshold);
  if (threshold === '' || !(t >= 0 && t <= 1)) throw new InvalidArgumentError(`--policy ${url}: async: expected the fraction of a chunk left when the next is asked for, in [0, 1], got "${threshold}"`);
  if (aggregate === null || aggregate === 'latest') return { threshold: t, aggregation: { kind: 'latest' } };
  const m = /^average:(.+)$/.exec(aggregate);
  const w = m ? Number(m[1]) : NaN;
  if (!(w > 0 && w <= 1)) throw new InvalidArgumentError(`--policy ${url}: aggregate: expected latest or average:W (the newer chunk's weight, 0 < W <= 1), got "${aggregate}"`);
  return { threshold: t, aggregation: { kind: 'average', weight: w } };
}
