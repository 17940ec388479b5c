import { RosbridgeError } from '../hardware-errors.js';
import type { FieldDef, MessageDef } from './message-catalog.js';
import { ujsonFloat, ujsonInt, ujsonString } from './ujson-writer.js';

/** A ROS message as a plain object: numbers, strings, arrays (typed arrays allowed), nested objects. */
export type RosMessage = Record<string, unknown>;

/** Why a JSON message could not become a ROS message; `exception` is rosbridge's class name. */
export class ConversionError extends RosbridgeError {
  constructor(readonly exception: 'FieldTypeMismatchException' | 'NonexistentFieldException' | 'InvalidMessageException', message: string) {
    super(message);
  }
}

const INTS = new Set(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'char', 'byte']);

/** Python's class name of a parsed JSON value, as rosbridge prints it. */
export function pythonClass(v: unknown): string {
  const name = v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'dict';
  return `<class '${name}'>`;
}

/** Encode a message with its schema, as ujson would (floats always with "." or exponent, uint8[] as base64). */
export function encodeMessage(def: MessageDef, msg: RosMessage | undefined): string {
  let out = '{';
  const fields = def.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (i > 0) out += ',';
    out += `"${f.name}":${encodeField(f, msg?.[f.name])}`;
  }
  return `${out}}`;
}

function encodeField(f: FieldDef, v: unknown): string {
  if (f.arrayLength < 0) return encodeScalar(f, v);
  if (f.type === 'uint8' || f.type === 'char') return `"${Buffer.from((v ?? []) as ArrayLike<number>).toString('base64').replace(/\//g, '\\/')}"`;
  const a = (v ?? []) as ArrayLike<unknown>;
  let out = '[';
  for (let i = 0; i < a.length; i++) out += (i > 0 ? ',' : '') + encodeScalar(f, a[i]);
  return `${out}]`;
}

function encodeScalar(f: FieldDef, v: unknown): string {
  if (f.message) return encodeMessage(f.message, v as RosMessage);
  switch (f.type) {
    case 'float64':
      return ujsonFloat(typeof v === 'number' ? v : 0);
    case 'float32':
      return ujsonFloat(typeof v === 'number' ? Math.fround(v) : 0);
    case 'string':
      return ujsonString(typeof v === 'string' ? v : '');
    case 'bool':
      return v ? 'true' : 'false';
    case 'time':
    case 'duration': {
      const t = (v ?? {}) as { secs?: number; nsecs?: number };
      return `{"secs":${ujsonInt(t.secs ?? 0)},"nsecs":${ujsonInt(t.nsecs ?? 0)}}`;
    }
    default:
      return ujsonInt(typeof v === 'number' || typeof v === 'bigint' ? v : 0);
  }
}

/** Options of fromJson. */
export interface ConversionOptions {
  /** Name used in messages (e.g. "std_srvs/SetBoolRequest"). */
  rootType: string;
  /** The bridge's current time, for headers sent without a stamp: [secs, nsecs]. */
  now: () => [number, number];
}

/**
 * Turn a client's JSON message into a ROS message as rosbridge 0.11.17 does: unknown fields and
 * wrong JSON types are refused; missing fields take defaults; JSON integers pass for floats but
 * bools do not; uint8[] may come as an array or base64; a Header without a stamp gets the bridge's
 * time. Positional `args` arrays fill fields in order.
 * @throws ConversionError with rosbridge's wording.
 */
export function fromJson(def: MessageDef, value: unknown, options: ConversionOptions): RosMessage {
  if (Array.isArray(value)) {
    const named: Record<string, unknown> = {};
    value.forEach((v, i) => {
      if (i < def.fields.length) named[def.fields[i]!.name] = v;
    });
    value = named;
  }
  if (typeof value !== 'object' || value === null) {
    throw new ConversionError('InvalidMessageException', `Expected a JSON object for type ${options.rootType} but received a ${pythonClass(value)}`);
  }
  return convertMessage(def, value as Record<string, unknown>, [], options);
}

function convertMessage(def: MessageDef, o: Record<string, unknown>, path: string[], options: ConversionOptions): RosMessage {
  for (const key of Object.keys(o)) {
    if (!def.fields.some((f) => f.name === key)) {
      throw new ConversionError('NonexistentFieldException', `Message type ${options.rootType} does not have a field ${[...path, key].join('.')}`);
    }
  }
  const out: RosMessage = {};
  for (const f of def.fields) {
    const p = [...path, f.name];
    if (!(f.name in o)) {
      out[f.name] = defaultField(f);
      continue;
    }
    const v = o[f.name];
    if (f.message?.type === 'std_msgs/Header' && typeof v === 'object' && v !== null && !Array.isArray(v) && !('stamp' in v)) {
      const [secs, nsecs] = options.now();
      const stamp = f.message.fields.find((x) => x.name === 'stamp')!;
      const h = convertMessage(f.message, v as Record<string, unknown>, p, options);
      h['stamp'] = stamp.message ? { sec: secs, nanosec: nsecs } : { secs, nsecs };
      out[f.name] = h;
      continue;
    }
    out[f.name] = convertField(f, v, p, options);
  }
  return out;
}

function convertField(f: FieldDef, v: unknown, path: string[], options: ConversionOptions): unknown {
  if (f.arrayLength < 0) return convertScalar(f, v, path, options);
  if ((f.type === 'uint8' || f.type === 'char') && typeof v === 'string') return Uint8Array.from(Buffer.from(v, 'base64'));
  if (!Array.isArray(v)) throw mismatch(options, `${f.type}[]`, path, v);
  if (f.message || f.type === 'time' || f.type === 'duration') return v.map((x) => convertScalar(f, x, path, options));
  // Numbers, strings and bools are taken as parsed: checking them in place spares a copy (a
  // 1 MB float64[] publish is 55k elements).
  for (let i = 0; i < v.length; i++) convertScalar(f, v[i], path, options);
  return v;
}

function convertScalar(f: FieldDef, v: unknown, path: string[], options: ConversionOptions): unknown {
  if (f.message) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw mismatch(options, f.type, path, v);
    return convertMessage(f.message, v as Record<string, unknown>, path, options);
  }
  if (f.type === 'float64' || f.type === 'float32') {
    if (typeof v !== 'number') throw mismatch(options, f.type, path, v);
    return v;
  }
  if (INTS.has(f.type)) {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw mismatch(options, f.type, path, v);
    return v;
  }
  if (f.type === 'string') {
    if (typeof v !== 'string') throw mismatch(options, f.type, path, v);
    return v;
  }
  if (f.type === 'bool') {
    if (typeof v !== 'boolean') throw mismatch(options, f.type, path, v);
    return v;
  }
  // time / duration
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw mismatch(options, f.type, path, v);
  const t = v as Record<string, unknown>;
  for (const k of Object.keys(t)) {
    if (k !== 'secs' && k !== 'nsecs') throw new ConversionError('NonexistentFieldException', `Message type ${options.rootType} does not have a field ${[...path, k].join('.')}`);
  }
  for (const k of ['secs', 'nsecs']) {
    if (k in t && (typeof t[k] !== 'number' || !Number.isInteger(t[k]))) throw mismatch(options, 'int32', [...path, k], t[k]);
  }
  return { secs: (t['secs'] as number) ?? 0, nsecs: (t['nsecs'] as number) ?? 0 };
}

function mismatch(options: ConversionOptions, expected: string, path: string[], got: unknown): ConversionError {
  return new ConversionError('FieldTypeMismatchException', `${options.rootType} message requires a ${expected} for field ${path.join('.')}, but got a ${pythonClass(got)}`);
}

/** A message with every field at its default. */
export function defaultMessage(def: MessageDef): RosMessage {
  const out: RosMessage = {};
  for (const f of def.fields) out[f.name] = defaultField(f);
  return out;
}

function defaultField(f: FieldDef): unknown {
  if (f.arrayLength >= 0) return [];
  if (f.message) return defaultMessage(f.message);
  if (f.type === 'string') return '';
  if (f.type === 'bool') return false;
  if (f.type === 'time' || f.type === 'duration') return { secs: 0, nsecs: 0 };
  return 0;
}
