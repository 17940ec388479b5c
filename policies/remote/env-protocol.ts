import { pack } from 'msgpackr';
import { isId, need, readHeaderMap, type ProtocolErrorCode } from './protocol.js';
import { ProtocolError } from './remote-errors.js';

/**
 * The env server's messages, in protocol v1's framing (protocol.ts): part 0 a msgpack header,
 * then raw little-endian float32 frames. One server holds one vector env of N envs; every
 * request but `open` names the session that owns it.
 *
 * Requests (client -> server):
 *   open                                  -> opened (+4 frames: obs low, obs high, action low, action high)
 *   reset {session, seeds[N], options?}   -> reset (+1 frame: N x obsDim observations)
 *   step  {session} (+1 frame: N x actDim actions)
 *                                         -> stepped (+2 frames: N x obsDim observations, N rewards)
 *   close {session}                       -> closed
 * Replies carry `id` back; a refused request gets `error` with a code and, for the env's own
 * refusals ('env-error'), the name of its error class in `error`.
 */

/** What a client learns from `opened`: the envs and their spaces' shapes (the bounds travel as frames). */
export interface EnvServeSpec {
  /** The task id, e.g. PickCube-v1. */
  readonly id: string;
  readonly numEnvs: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly controlMode: string;
  readonly obsMode: string;
  readonly rewardMode: string;
  readonly maxEpisodeSteps: number;
  readonly controlHz: number;
  readonly simHz: number;
  /** The observation's named slices, in order. */
  readonly fields: readonly { readonly key: string; readonly offset: number; readonly size: number }[];
}

/** Per-env values of one step's info, by key: `success` always, the task's scalar predicates where the envs run on the server's thread. */
export type EnvInfoColumns = Record<string, (number | boolean)[]>;

/** A client's request header to an env server. */
export type EnvRequest =
  | { readonly v: number; readonly t: 'open'; readonly id: number }
  | { readonly v: number; readonly t: 'reset'; readonly id: number; readonly session: number; readonly seeds: readonly number[]; readonly options?: Record<string, unknown> }
  | { readonly v: number; readonly t: 'step'; readonly id: number; readonly session: number }
  | { readonly v: number; readonly t: 'close'; readonly id: number; readonly session: number };

/** An env server's reply header. */
export type EnvReply =
  | { readonly v: number; readonly t: 'opened'; readonly id: number; readonly session: number; readonly env: EnvServeSpec }
  | { readonly v: number; readonly t: 'reset'; readonly id: number; readonly info: EnvInfoColumns }
  | { readonly v: number; readonly t: 'stepped'; readonly id: number; readonly terminated: boolean[]; readonly truncated: boolean[]; readonly info: EnvInfoColumns }
  | { readonly v: number; readonly t: 'closed'; readonly id: number }
  | { readonly v: number; readonly t: 'error'; readonly id: number; readonly code: ProtocolErrorCode; readonly message: string; readonly error?: string };

/** A header as one message part. */
export function encodeEnvHeader(header: EnvRequest | EnvReply): Buffer {
  return pack(header);
}

const isSeed = (s: unknown): boolean => Number.isInteger(s) && (s as number) >= 0 && (s as number) <= 0xffffffff;

/**
 * The env request header in `part`, checked field by field (`numEnvs`: how many seeds a reset needs).
 * @throws ProtocolError naming the problem ('malformed-header', 'unknown-version', 'unknown-type').
 */
export function decodeEnvRequest(part: Buffer | undefined, numEnvs: number): EnvRequest {
  const map = readHeaderMap(part);
  need(map, 'id', isId, 'a non-negative integer');
  switch (map.t) {
    case 'open':
      break;
    case 'reset':
      need(map, 'session', isId, 'a session number');
      need(map, 'seeds', (x) => Array.isArray(x) && x.length === numEnvs && x.every(isSeed), `an array of ${numEnvs} u32 seeds (one per env)`);
      need(map, 'options', (x) => x === undefined || x === null || (typeof x === 'object' && !Array.isArray(x)), 'a map of reset options, or absent');
      break;
    case 'step':
    case 'close':
      need(map, 'session', isId, 'a session number');
      break;
    default:
      throw new ProtocolError('unknown-type', `expected request type open, reset, step or close, got ${JSON.stringify(map.t)}`);
  }
  return map as unknown as EnvRequest;
}
