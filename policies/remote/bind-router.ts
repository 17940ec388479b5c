import { Router } from 'zeromq';
import { InvalidArgumentError, resourceError } from '../../errors.js';
import { isLoopbackEndpoint } from './loopback.js';

/** Where a server listens and with which key; shared by the policy server and the env server. */
export interface RouterBinding {
  /** ZeroMQ endpoint, e.g. `tcp://127.0.0.1:5555` (`:*` picks a free port). */
  readonly bind: string;
  /** CURVE secret key (Z85); required for an endpoint other than loopback. */
  readonly curveSecretKey?: string;
}

/**
 * A ROUTER socket bound as `binding` says, under armkit's one security rule: loopback needs
 * nothing, any other address needs a CURVE secret key (clients then need the public key).
 * @throws InvalidArgumentError for a non-loopback endpoint without a key or an endpoint that does not parse, ResourceError when it cannot be bound.
 */
export async function bindRouter(binding: RouterBinding): Promise<Router> {
  if (!isLoopbackEndpoint(binding.bind) && binding.curveSecretKey === undefined) {
    throw new InvalidArgumentError(`bind ${binding.bind}: an address other than loopback needs CURVE keys (make a pair with \`armkit keys --out DIR\`, pass --curve-key DIR/armkit-server.key), got none`);
  }
  const socket = new Router({
    linger: 0,
    ...(binding.curveSecretKey !== undefined ? { curveServer: true, curveSecretKey: binding.curveSecretKey } : {}),
  });
  try {
    await socket.bind(binding.bind);
  } catch (e) {
    socket.close();
    const code = (e as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL') throw resourceError(`cannot bind ${binding.bind}`, e);
    throw new InvalidArgumentError(`bind ${binding.bind}: expected a ZeroMQ endpoint such as tcp://127.0.0.1:5555, got an error: ${(e as Error).message}`, { cause: e });
  }
  return socket;
}
