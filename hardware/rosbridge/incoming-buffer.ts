/** The longest text kept while waiting for a frame to complete; beyond it the buffer is dropped. */
const MAX_BUFFER = 1 << 20;

/**
 * Objects nested deeper (braces and brackets) are garbage, never parsed: no ROS message comes
 * near it, rosbridge's Python json gives up near its recursion limit of 1000, and V8's
 * JSON.parse of a 1 MB nest takes over 100 ms.
 */
const MAX_NESTING = 512;

const OPEN = 123; // {
const CLOSE = 125; // }
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93; // ]
const QUOTE = 34;
const BACKSLASH = 92;

/** What one received text frame yields: a message object, or nothing yet. */
export interface Incoming {
  /** The message, or null when nothing could be parsed. */
  message: Record<string, unknown> | null;
  /** The text the message was parsed from (for the "without an op" log line). */
  text: string;
}

/**
 * rosbridge 0.11.17's receive buffer, in time linear in its length: each frame is appended to
 * what is left of earlier ones and at most one message is taken out. One scan pairs braces
 * outside strings; the first complete object that parses is taken, with the text before it
 * dropped (the rest waits for the next frame, as concatenated texts do in rosbridge). An object
 * still open when the buffer ends may be a text split over frames and is kept, but an object with
 * an "op" closed inside it is taken: after a truncated frame, the next good one is answered, as
 * rosbridge answers it. Invalid JSON is never reported: it is skipped.
 *
 * rosbridge parses the whole buffer, then every "{"-to-"}" span (quadratic: a 4 KB brace bomb
 * held it for seconds); this parses each closed top-level object once. Where they differ is
 * garbage: an object inside a JSON array sent whole is taken where rosbridge drops the text, an
 * object without an op nested in an unfinished one waits instead of being reported, and a
 * top-level one is consumed instead of blocking the buffer.
 */
export class IncomingBuffer {
  private buffer = '';

  /** Bytes waiting. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Add one frame's text and take at most one message out. */
  push(text: string): Incoming {
    this.buffer += text;
    const b = this.buffer;
    // Three entries per open "{": where it is, the nesting at it, and the deepest nesting inside
    // it so far. And [start, end] of the objects closed inside an open one, outermost only. Typed
    // arrays: a frame can hold a million braces.
    let open = new Int32Array(3 * 64);
    let inner = new Int32Array(64);
    let top = 0;
    let closed = 0;
    let nest = 0;
    for (let i = 0; i < b.length; i++) {
      if (top === 0) {
        // Between texts everything up to the next "{" is garbage, quotes and brackets included.
        i = b.indexOf('{', i);
        if (i < 0) break;
        nest = 0;
      }
      const c = b.charCodeAt(i);
      if (c === OPEN) {
        if (top === open.length) open = grow(open);
        open[top] = i;
        open[top + 1] = nest;
        open[top + 2] = ++nest;
        top += 3;
      } else if (c === CLOSE) {
        top -= 3;
        const start = open[top]!;
        const deepest = open[top + 2]!;
        nest = open[top + 1]!;
        const shallow = deepest - nest <= MAX_NESTING;
        while (closed > 0 && inner[closed - 2]! > start) closed -= 2;
        if (top > 0) {
          if (deepest > open[top - 1]!) open[top - 1] = deepest;
          if (shallow) {
            if (closed === inner.length) inner = grow(inner);
            inner[closed++] = start;
            inner[closed++] = i;
          }
        } else if (shallow) {
          const message = parseObject(b, start, i);
          if (message) return this.take(message, start, i);
        }
      } else if (c === QUOTE) {
        i = stringEnd(b, i);
        if (i < 0) break;
      } else if (c === OPEN_ARRAY) {
        if (++nest > open[top - 1]!) open[top - 1] = nest;
      } else if (c === CLOSE_ARRAY) nest--;
    }
    for (let k = 0; k < closed; k += 2) {
      const message = parseObject(b, inner[k]!, inner[k + 1]!);
      if (message && message['op'] !== undefined && message['op'] !== null) return this.take(message, inner[k]!, inner[k + 1]!);
    }
    // Only an unfinished object can still become a message; the rest is garbage.
    this.buffer = top > 0 && b.length - open[0]! <= MAX_BUFFER ? b.slice(open[0]) : '';
    return { message: null, text: '' };
  }

  private take(message: Record<string, unknown>, start: number, end: number): Incoming {
    const text = this.buffer.slice(start, end + 1);
    this.buffer = this.buffer.slice(end + 1);
    return { message, text };
  }
}

/** The closing quote of the string opened at `open`, or -1 when the buffer ends first. */
function stringEnd(b: string, open: number): number {
  for (let q = b.indexOf('"', open + 1); q >= 0; q = b.indexOf('"', q + 1)) {
    let k = q;
    while (b.charCodeAt(k - 1) === BACKSLASH) k--;
    if ((q - k) % 2 === 0) return q; // an even run of backslashes escapes itself, not the quote
  }
  return -1;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const g = new Int32Array(2 * a.length);
  g.set(a);
  return g;
}

function parseObject(b: string, start: number, end: number): Record<string, unknown> | null {
  try {
    const v = JSON.parse(b.slice(start, end + 1)) as unknown;
    return isObject(v) ? v : null;
  } catch {
    return null;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
