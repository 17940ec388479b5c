/**
 * Whether a ZeroMQ endpoint can be reached only from this machine: `ipc://`/`inproc://`, or
 * `tcp://` on 127.0.0.0/8, ::1 or localhost. `tcp://*:P` and any other address are not.
 */
export function isLoopbackEndpoint(endpoint: string): boolean {
  if (/^(ipc|inproc):\/\//.test(endpoint)) return true;
  const m = /^tcp:\/\/(\[[^\]]*\]|[^:]*):/.exec(endpoint);
  if (!m) return false;
  const host = m[1]!.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
