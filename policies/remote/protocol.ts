import { pack, unpack } from 'msgpackr';
import type { Horizons, ObservationKeySpec } from '../model/model-contract.js';
import { ProtocolError } from './remote-errors.js';

/**
 * Protocol v1 of armkit's remote policies. Every message is a multipart ZeroMQ message: part 0
 * is a msgpack-encoded header (a small typed map), the parts after it are raw little-endian
 * float32 frames, never encoded, so an observation batch crosses the wire as one memcpy.
 *
 * Requests (client -> server):  open | spec | observe (+1 frame: windows) | close.
 * Replies (server -> client):   opened | spec | chunk (+1 frame: chunks) | closed | error.
 * Every request carries `id`; its reply echoes it so a client can drop a late reply to a
 * request it already gave up on.
 */
export const PROTOCOL_VERSION = 1;

/** What a policy server serves: everything a client needs to build its observation windows. */
export interface RemoteSpec {
  /** Observation keys in frame order. */
  readonly keys: readonly ObservationKeySpec[];
  /** Floats per action. */
  readonly actionDim: number;
  /** The control mode the actions are in, when the model records one. */
  readonly controlMode?: string;
  readonly horizons: Horizons;
  /** Whether the chunks depend on the per-env seeds sent with each observe. */
  readonly stochastic: boolean;
}

/** Kinds of error reply, each naming one problem. */
export type ProtocolErrorCode =
  | 'malformed-header'
  | 'unknown-version'
  | 'unknown-type'
  | 'wrong-frame-count'
  | 'wrong-frame-size'
  | 'wrong-observation-length'
  | 'unknown-session'
  | 'server-error'
  /** The env server's env refused (a bad action, a step before reset): `error` names its class. */
  | 'env-error';

/** A client's request header. */
export type RequestHeader =
  | { readonly v: number; readonly t: 'open'; readonly id: number }
  | { readonly v: number; readonly t: 'spec'; readonly id: number }
  | { readonly v: number; readonly t: 'observe'; readonly id: number; readonly session: number; readonly m: number; readonly seeds: readonly number[] }
  | { readonly v: number; readonly t: 'close'; readonly id: number; readonly session: number };

/** A server's reply header. */
export type ReplyHeader =
  | { readonly v: number; readonly t: 'opened'; readonly id: number; readonly session: number; readonly spec: RemoteSpec }
  | { readonly v: number; readonly t: 'spec'; readonly id: number; readonly spec: RemoteSpec }
  | { readonly v: number; readonly t: 'chunk'; readonly id: number; readonly m: number }
  | { readonly v: number; readonly t: 'closed'; readonly id: number }
  | { readonly v: number; readonly t: 'error'; readonly id: number; readonly code: ProtocolErrorCode; readonly message: string; readonly error?: string };

/** A header as one message part. */
export function encodeHeader(header: RequestHeader | ReplyHeader): Buffer {
  return pack(header);
}

/** A float32 array as one message part (a view, no copy). */
export function floatFrame(data: Float32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * The floats of a frame. Copies only when the frame's bytes are not 4-aligned (ZeroMQ gives no
 * alignment promise). @throws ProtocolError 'wrong-frame-size' when the byte length is not a multiple of 4.
 */
export function readFloats(frame: Buffer, what: string): Float32Array {
  if (frame.byteLength % 4 !== 0) throw new ProtocolError('wrong-frame-size', `${what}: expected a float32 frame (a multiple of 4 bytes), got ${frame.byteLength} bytes`);
  if (frame.byteOffset % 4 === 0) return new Float32Array(frame.buffer, frame.byteOffset, frame.byteLength / 4);
  const copy = new Float32Array(frame.byteLength / 4);
  new Uint8Array(copy.buffer).set(frame);
  return copy;
}

/**
 * A header map with `v` checked; the type-specific fields are checked by the caller.
 * @throws ProtocolError 'malformed-header' or 'unknown-version'.
 */
export function readHeaderMap(part: Buffer | undefined): Record<string, unknown> {
  if (part === undefined) throw new ProtocolError('malformed-header', 'expected a msgpack header as the first message part, got an empty message');
  let value: unknown;
  try {
    value = unpack(part);
  } catch (e) {
    throw new ProtocolError('malformed-header', `expected a msgpack header map, got ${part.byteLength} bytes that do not decode`, { cause: e });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ProtocolError('malformed-header', `expected a msgpack header map, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  const map = value as Record<string, unknown>;
  if (map.v !== PROTOCOL_VERSION) throw new ProtocolError('unknown-version', `expected protocol version ${PROTOCOL_VERSION}, got ${JSON.stringify(map.v)}`);
  return map;
}

/** Check one header field. @throws ProtocolError 'malformed-header' naming the field, what it should be and what came. */
export function need(map: Record<string, unknown>, key: string, check: (x: unknown) => boolean, what: string): void {
  if (!check(map[key])) throw new ProtocolError('malformed-header', `header '${String(map.t)}': expected ${key} to be ${what}, got ${JSON.stringify(map[key]) ?? 'nothing'}`);
}

/** Whether x is a request id or session number. */
export const isId = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;

/**
 * The request header in `part`, checked field by field.
 * @throws ProtocolError naming the problem ('malformed-header', 'unknown-version', 'unknown-type').
 */
export function decodeRequest(part: Buffer | undefined): RequestHeader {
  const map = readHeaderMap(part);
  need(map, 'id', isId, 'a non-negative integer');
  switch (map.t) {
    case 'open':
    case 'spec':
      break;
    case 'close':
      need(map, 'session', isId, 'a session number');
      break;
    case 'observe':
      need(map, 'session', isId, 'a session number');
      need(map, 'm', (x) => Number.isSafeInteger(x) && (x as number) >= 1, 'an env count >= 1');
      need(map, 'seeds', (x) => Array.isArray(x) && x.length === map.m && x.every((s) => Number.isInteger(s) && s >= 0 && s <= 0xffffffff), `an array of m = ${String(map.m)} u32 seeds`);
      break;
    default:
      throw new ProtocolError('unknown-type', `expected request type open, spec, observe or close, got ${JSON.stringify(map.t)}`);
  }
  return map as unknown as RequestHeader;
}

/** The reply header in `part`. @throws ProtocolError when it is not a v1 reply. */
export function decodeReply(part: Buffer | undefined): ReplyHeader {
  const map = readHeaderMap(part);
  need(map, 'id', isId, 'a non-negative integer');
  if (!['opened', 'spec', 'chunk', 'closed', 'error'].includes(map.t as string)) throw new ProtocolError('unknown-type', `expected reply type opened, spec, chunk, closed or error, got ${JSON.stringify(map.t)}`);
  return map as unknown as ReplyHeader;
}
