/** Remote policies over ZeroMQ: protocol v1, the batching policy server, the remote predictor client, CURVE keys. */
export { PROTOCOL_VERSION, type RemoteSpec, type ProtocolErrorCode, type RequestHeader, type ReplyHeader } from './protocol.js';
export { ProtocolError, RemotePolicyError } from './remote-errors.js';
export { PolicyServer, type PolicyServerOptions, type PolicyServerStats } from './policy-server.js';
export { RemotePredictor, type RemotePredictorOptions } from './remote-predictor.js';
export { KEY_FILES, readKey, writeKeyPair } from './curve-keys.js';
export { isLoopbackEndpoint } from './loopback.js';
export { parseRemoteUrl, type RemoteTarget } from './remote-url.js';
