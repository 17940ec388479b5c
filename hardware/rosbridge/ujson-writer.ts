/**
 * JSON text as rosbridge 0.11.17 writes it through ujson 5: compact, "/" escaped as "\/", non-ASCII
 * escaped, float64 values always with a "." or an exponent (shortest round-trip digits, decimal
 * notation for decimal exponents in [-4, 16)), NaN and Infinity as null.
 */

/** A float64 as ujson writes it. */
export function ujsonFloat(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without digits gives the shortest round-trip mantissa, e.g. "1.2345e+8".
  const e = Math.abs(x).toExponential();
  const at = e.indexOf('e');
  const digits = e.slice(0, at).replace('.', '');
  const exp = Number(e.slice(at + 1));
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const int = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
    const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
    return `${sign}${int}.${frac}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${Math.abs(exp)}`;
}

/** An integer field (int8..uint64); bigint keeps int64 exact. */
export function ujsonInt(x: number | bigint): string {
  return typeof x === 'bigint' ? x.toString() : Number.isFinite(x) ? String(Math.trunc(x)) : '0';
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// Characters that need escaping: quote, backslash, slash, controls, and everything past ASCII.
const NEEDS_ESCAPE = /["\\/\u0000-\u001f\u0080-\uffff]/;

/** A string as ujson writes it (ensure_ascii, escaped forward slashes). */
export function ujsonString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    const esc = ESCAPES[ch];
    if (esc) out += esc;
    else if (code < 0x20 || code > 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * Any plain JSON value without a message schema (rosapi replies, service values): integers as
 * integers, other numbers as floats, objects in insertion order.
 */
export function ujsonValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return ujsonString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isSafeInteger(v) ? String(v) : ujsonFloat(v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map(ujsonValue).join(',')}]`;
      if (ArrayBuffer.isView(v)) return `[${Array.from(v as unknown as ArrayLike<number>, ujsonValue).join(',')}]`;
      const parts: string[] = [];
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) parts.push(`${ujsonString(k)}:${ujsonValue(x)}`);
      return `{${parts.join(',')}}`;
    }
    default:
      return 'null';
  }
}
