/** Remote policies and envs over ZeroMQ: protocol v1, the batching policy server, the remote predictor client, the env server, CURVE keys. */
export { PROTOCOL_VERSION, type RemoteSpec, type ProtocolErrorCode, type RequestHeader, type ReplyHeader } from './protocol.js';
export { ProtocolError, RemotePolicyError } from './remote-errors.js';
export { PolicyServer, type PolicyServerOptions, type PolicyServerStats } from './policy-server.js';
export { RemotePredictor, type RemotePredictorOptions } from './remote-predictor.js';
export { KEY_FILES, readKey, writeKeyPair } from './curve-keys.js';
export { isLoopbackEndpoint } from './loopback.js';
export { parseRemoteUrl, type RemoteTarget } from './remote-url.js';
export { EnvServer, type EnvServerOptions, type EnvServerStats } from './env-server.js';
export { type EnvServeSpec, type EnvRequest, type EnvReply, type EnvInfoColumns } from './env-protocol.js';
export { bindRouter, type RouterBinding } from './bind-router.js';
export { AsyncChunkedPolicy, type AsyncChunkedPolicyOptions, type AsyncChunkStats, type ChunkAggregation } from './async-chunked-policy.js';
