/** The longest text kept while waiting for a frame to complete; beyond it the buffer is dropped. */
const MAX_BUFFER = 1 << 20;

/**
 * Nesting (braces and brackets) past this is garbage and drops the buffer: no ROS message comes
 * near it, rosbridge's Python json gives up near its recursion limit of 1000, and V8's
 * JSON.parse of a 1 MB nest takes over 100 ms.
 */
const MAX_NESTING = 512;

/** JSON.parse calls per frame; past them the buffer is garbage (a failed call costs ~15 us: 350k "{x}" took 5 s). */
const MAX_PARSES = 16;

const OPEN = 123; // {
const CLOSE = 125; // }
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93; // ]
const QUOTE = 34;
const BACKSLASH = 92;
/** A run of characters the scan passes over. */
const PLAIN = /[^{}[\]"]*/y;

/** What one received text frame yields: a message object, or nothing yet. */
export interface Incoming {
  /** The message, or null when nothing could be parsed. */
  message: Record<string, unknown> | null;
  /** The text the message was parsed from (for the "without an op" log line). */
  text: string;
}

/**
 * rosbridge 0.11.17's receive buffer, in time linear in what is received: each frame is appended
 * to what is left of earlier ones and at most one message is taken out. One scan, resumed by
 * the next frame, pairs braces outside strings; the first complete object that parses is taken,
 * with the text before it dropped (the rest waits for the next frame, as concatenated texts do
 * in rosbridge). An object still open when the buffer ends may be a text split over frames and
 * is kept, but an object with an "op" closed inside it is taken: after a truncated frame, the
 * next good one is answered, as rosbridge answers it. Invalid JSON is never reported: it is
 * skipped.
 *
 * rosbridge parses the whole buffer, then every "{"-to-"}" span (quadratic: a 4 KB brace bomb
 * held it for seconds); this parses each closed top-level object once, a bounded number per
 * frame. Where they differ is garbage: an object inside a JSON array sent whole is taken where
 * rosbridge drops the text, an object without an op nested in an unfinished one waits instead
 * of being reported, a top-level one is consumed instead of blocking the buffer, and a frame of
 * more than MAX_PARSES objects that fail to parse, or nested past MAX_NESTING, is dropped (a
 * good frame after it is answered: it starts a fresh buffer).
 */
export class IncomingBuffer {
  private buffer = '';
  private scan = freshScan();

  /** Bytes waiting. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Add one frame's text and take at most one message out. */
  push(text: string): Incoming {
    if (this.buffer === '') {
      const whole = wholeFrame(text);
      if (whole) return { message: whole, text };
    }
    this.buffer += text;
    const b = this.buffer;
    const { starts } = this.scan;
    let { at: i, depth, nest, inner, closed, examined } = this.scan;
    let parses = MAX_PARSES;
    // Where the first '"op"' at or after opFrom is (the buffer's length for none); small
    // integers only, which keep the JIT's code for this loop (a double in them cost a deopt).
    let opFrom = b.length;
    let opAt = b.length;
    for (; i < b.length; i++) {
      if (depth === 0) {
        // Between texts everything up to the next "{" is garbage, quotes and brackets included.
        i = b.indexOf('{', i);
        if (i < 0) return this.drop();
        nest = 0;
      }
      const c = b.charCodeAt(i);
      if (c === OPEN) {
        if (++nest > MAX_NESTING || depth === MAX_NESTING) return this.drop();
        starts[depth++] = i;
      } else if (c === CLOSE) {
        nest--;
        const start = starts[--depth]!;
        while (closed > 0 && inner[closed - 2]! > start) closed -= 2;
        if (examined > closed) examined = closed;
        if (depth > 0) {
          // Only an object with an "op" in its text can be taken from inside another.
          if (opFrom > start || opAt < start) {
            opFrom = start;
            opAt = b.indexOf('"op"', start);
            if (opAt < 0) opAt = b.length;
          }
          if (opAt > i) continue;
          if (closed === inner.length) inner = grow(inner);
          inner[closed++] = start;
          inner[closed++] = i;
        } else {
          if (parses-- === 0) return this.drop();
          const message = parseObject(b, start, i);
          if (message) return this.take(message, start, i);
        }
      } else if (c === QUOTE) {
        const end = stringEnd(b, i);
        if (end < 0) break; // the next frame goes on from this quote
        i = end;
      } else if (c === OPEN_ARRAY) {
        if (++nest > MAX_NESTING) return this.drop();
      } else if (c === CLOSE_ARRAY) nest--;
      else if (plain(b.charCodeAt(i + 1))) {
        // Numbers and the like, in one native search (char by char, a 1 MB float array took
        // 20-40 ms before the JIT warmed up).
        PLAIN.lastIndex = i;
        PLAIN.test(b);
        i = PLAIN.lastIndex - 1;
      }
    }
    // Objects closed inside an open one, with an "op" in their text, not tried before.
    for (; examined < closed; examined += 2) {
      const [start, end] = [inner[examined]!, inner[examined + 1]!];
      if (parses-- === 0) return this.drop();
      const message = parseObject(b, start, end);
      if (message && message['op'] !== undefined && message['op'] !== null) return this.take(message, start, end);
    }
    examined = closed;
    // Only an unfinished object can still become a message.
    if (depth === 0 || b.length > MAX_BUFFER) return this.drop();
    this.scan = { at: i, starts, depth, nest, inner, closed, examined };
    return { message: null, text: '' };
  }

  private take(message: Record<string, unknown>, start: number, end: number): Incoming {
    const text = this.buffer.slice(start, end + 1);
    this.buffer = this.buffer.slice(end + 1);
    this.scan = freshScan();
    return { message, text };
  }

  private drop(): Incoming {
    this.buffer = '';
    this.scan = freshScan();
    return { message: null, text: '' };
  }
}

/**
 * The scan of the buffer so far, which the next frame resumes, so that each character is
 * scanned once however a text is split.
 */
interface Scan {
  /** Where the next frame goes on. */
  at: number;
  /** Where each open brace is, outermost first. */
  starts: Int32Array<ArrayBuffer>;
  /** Braces open. */
  depth: number;
  /** Braces and brackets open at `at`. */
  nest: number;
  /** [start, end] of the objects closed inside an open one, outermost only. */
  inner: Int32Array<ArrayBuffer>;
  /** Entries of `inner` in use. */
  closed: number;
  /** Entries of `inner` tried already. */
  examined: number;
}

function freshScan(): Scan {
  return { at: 0, starts: new Int32Array(MAX_NESTING), depth: 0, nest: 0, inner: new Int32Array(64), closed: 0, examined: 0 };
}

function plain(c: number): boolean {
  return c !== OPEN && c !== CLOSE && c !== QUOTE && c !== OPEN_ARRAY && c !== CLOSE_ARRAY;
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

/**
 * A frame that is one JSON object by itself, as every client sends them, parsed without the
 * scan (which costs as much again as JSON.parse on a 1 MB message). Only a frame of at most
 * MAX_NESTING openers: it cannot nest deeper, and a frame of more is scanned instead.
 * What the scan would take from such a frame is this same object, so nothing else changes.
 */
function wholeFrame(text: string): Record<string, unknown> | null {
  if (text.charCodeAt(0) !== OPEN || text.charCodeAt(text.length - 1) !== CLOSE) return null;
  if (count(text, '{', MAX_NESTING + 1) + count(text, '[', MAX_NESTING + 1) > MAX_NESTING) return null;
  return parseObject(text, 0, text.length - 1);
}

/** How many times `c` occurs in `text`, counted up to `limit`. */
function count(text: string, c: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf(c); i >= 0 && n < limit; i = text.indexOf(c, i + 1)) n++;
  return n;
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
