/** The longest text kept while waiting for a frame to complete, in bytes; beyond it the buffer is dropped. */
const MAX_BUFFER = 1 << 20;

/**
 * Nesting (braces and brackets) past this is garbage and drops the buffer: no ROS message comes
 * near it, rosbridge's Python json gives up near its recursion limit of 1000, and V8's
 * JSON.parse of a 1 MB nest takes over 100 ms.
 */
const MAX_NESTING = 512;

/** JSON.parse calls per frame; past them the buffer is garbage (a failed call costs ~15 us: 350k "{x}" took 5 s). */
const MAX_PARSES = 16;

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** The text an object needs to be taken from inside another. */
const OP = Buffer.from('"op"');
/** No '"op"' in the bytes searched (a small integer past any buffer, which keeps the scan's variables small integers). */
const NONE = 0x3fffffff;
/** Whether warmUp has run in this thread (each worker has its own modules, and its own compiled code). */
let warmed = false;

/**
 * What each byte is to the scan: 0 for the bytes it passes over. UTF-8 continues multi-byte
 * characters with bytes of 0x80 and above only, so the scan of raw bytes meets the same
 * braces, brackets, quotes and backslashes as a scan of the decoded text.
 */
const KIND = new Uint8Array(256);
KIND[OPEN] = 1;
KIND[CLOSE] = 2;
KIND[OPEN_ARRAY] = 3;
KIND[CLOSE_ARRAY] = 4;
KIND[QUOTE] = 5;

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
 *
 * Frames come as the socket's bytes (a string is encoded first), and only what is parsed is
 * decoded: garbage never is (decoding costs about 1 ms per MB), and the scan of bytes costs no
 * more than that of a string.
 */
export class IncomingBuffer {
  /** The bytes waiting are bytes[0, length); bytes may be a frame as received, never written to. */
  private bytes: Buffer = Buffer.alloc(0);
  private length = 0;
  /** Whether bytes is this buffer's own storage, which a frame may be appended to in place. */
  private owned = false;
  private scan = freshScan();

  /**
   * Take every path of the scan, in this thread, before a client's frame does: compiled code
   * meeting a path it never took falls back to the interpreter for the rest of the frame. Once
   * per thread (a server calls it before it listens).
   */
  static warmUp(): void {
    if (warmed) return;
    warmed = true;
    const call = '{"op":"call_service","id":"w","args":{"a":[1,{"b":"\\\\"}"}]}}';
    const texts = [
      ['garbage', call],
      [`x]"{{"bad":x}{"id":"no-op"}`],
      [`{"op":"publish","msg":{"s":"a\\"b{}[","d":[[1],{"e":{}}]},`, '"id":"split"}'],
      [`{"s":"${'\\"'.repeat(40)}`, `${'x\\'.repeat(20)}`, `\\"}{"op":1}}`],
      [`{${'{"op":1}'.repeat(40)}`, '', ''],
      [`{${'{x}'.repeat(2)}${'{}'.repeat(200)}{"a":{"b":{"op":{}}}}`, `${call}]}`],
      ['{x}'.repeat(MAX_PARSES + 1)],
      [`{${'{"op":x}'.repeat(MAX_PARSES + 1)}`],
      [`{"a":${'['.repeat(MAX_NESTING + 1)}`],
      ['{'.repeat(MAX_NESTING + 1)],
      [`{${'"k":1,'.repeat(100)}`, call],
      [`[${call}]`, `${call}${call}`, ''],
    ];
    for (let k = 0; k < 8; k++) {
      for (const frames of texts) {
        const b = new IncomingBuffer();
        for (const t of frames) b.push(t);
      }
    }
  }

  /** Bytes waiting. */
  get pending(): number {
    return this.length;
  }

  /**
   * Add one frame and take at most one message out. A Buffer is kept as it is until it is
   * consumed (the caller must not write to it afterwards).
   */
  push(frame: Buffer | string): Incoming {
    const f = typeof frame === 'string' ? Buffer.from(frame) : frame;
    if (this.length === 0) {
      const whole = wholeFrame(f);
      if (whole) return whole;
      this.bytes = f;
      this.length = f.length;
      this.owned = false;
    } else this.append(f);
    const b = this.bytes.subarray(0, this.length);
    const n = b.length;
    const s = this.scan;
    s.parses = MAX_PARSES;
    const outcome = scanBytes(b, n, s);
    if (outcome === DROP) return this.drop();
    if (outcome === TOOK) {
      const { message, text, end } = took;
      took.message = null; // not kept past this frame
      took.text = '';
      return this.take(message!, text, end);
    }
    // Objects closed inside an open one, with an "op" in their text, not tried before.
    for (const inner = s.inner; s.examined < s.closed; s.examined += 2) {
      if (s.parses-- === 0) return this.drop();
      const end = inner[s.examined + 1]!;
      const text = b.toString('utf8', inner[s.examined]!, end + 1);
      const message = parseObject(text);
      if (message && message['op'] !== undefined && message['op'] !== null) return this.take(message, text, end);
    }
    // Only an unfinished object can still become a message.
    if (s.depth === 0 || n > MAX_BUFFER) return this.drop();
    return { message: null, text: '' };
  }

  /** Append a frame to what waits, in place when there is room (amortized: a text split over many frames is copied O(1) times). */
  private append(f: Buffer): void {
    const need = this.length + f.length;
    if (!this.owned || this.bytes.length < need) {
      const grown = Buffer.allocUnsafe(Math.max(need, 2 * this.length));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
      this.owned = true;
    }
    this.bytes.set(f, this.length);
    this.length = need;
  }

  private take(message: Record<string, unknown>, text: string, end: number): Incoming {
    // What follows stays a view, never written to: the next append copies it.
    this.bytes = this.bytes.subarray(end + 1, this.length);
    this.length = this.bytes.length;
    this.owned = false;
    this.scan = freshScan();
    return { message, text };
  }

  private drop(): Incoming {
    this.bytes = Buffer.alloc(0);
    this.length = 0;
    this.owned = false;
    this.scan = freshScan();
    return { message: null, text: '' };
  }
}

/**
 * The scan of the buffer so far, which the next frame resumes, so that each byte is scanned
 * once however a text is split.
 */
interface Scan {
  /** The last byte scanned; inside a string, the next byte to scan. */
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
  /** Whether the buffer ended inside a string. */
  inString: boolean;
  /** The last '"op"' passed by the scan (-1: none). */
  lastOp: number;
  /** The next '"op"' after lastOp; NONE: none in the first opSearched bytes; -1: not looked for yet. */
  nextOp: number;
  /** How many bytes the search for the next '"op"' has covered. */
  opSearched: number;
  /** JSON.parse calls left to this frame. */
  parses: number;
}

function freshScan(): Scan {
  return { at: -1, starts: new Int32Array(MAX_NESTING), depth: 0, nest: 0, inner: new Int32Array(64), closed: 0, examined: 0, inString: false, lastOp: -1, nextOp: -1, opSearched: 0, parses: MAX_PARSES };
}

/** What scanBytes did: scanned to the end of the buffer, dropped it, or took a top-level object (into `took`). */
const SCANNED = 0;
const DROP = 1;
const TOOK = 2;
/** The object scanBytes took, written into (one frame is handled at a time). */
const took: { message: Record<string, unknown> | null; text: string; end: number } = { message: null, text: '', end: 0 };

/**
 * The scan, resumed from `s` over b[0, n) and saved back into it. It is a function of its own,
 * apart from the reading of parsed messages, so that a message of a shape not seen before
 * deoptimizes only the caller: deoptimized, the scan of the rest of a 1 MB frame ran
 * interpreted, 100 ms and more.
 */
function scanBytes(b: Buffer, n: number, s: Scan): number {
  const { starts } = s;
  let { at: i, depth, nest, inner, closed, examined, inString, lastOp, nextOp, opSearched, parses } = s;
  // None was found in the bytes searched; those appended since are searched when needed.
  if (nextOp === NONE && opSearched < n) nextOp = -1;
  if (inString) {
    i = stringEnd(b, i, n);
    inString = i >= n;
  }
  if (!inString) {
    for (i++; i < n; i++) {
      if (depth === 0) {
        // Between texts everything up to the next "{" is garbage, quotes and brackets included.
        i = b.indexOf(OPEN, i);
        if (i < 0) return DROP;
        nest = 0;
      }
      const kind = KIND[b[i]!]!;
      if (kind === 0) continue;
      if (kind === 1) {
        if (++nest > MAX_NESTING || depth === MAX_NESTING) return DROP;
        starts[depth++] = i;
      } else if (kind === 2) {
        nest--;
        const start = starts[--depth]!;
        if (closed > 0) {
          while (closed > 0 && inner[closed - 2]! > start) closed -= 2;
          if (examined > closed) examined = closed;
        }
        if (depth > 0) {
          // Only an object with an "op" in its text can be taken from inside another. The
          // occurrences are passed in order, once each, however objects nest (a search from
          // each start was quadratic: 1 s for 1 MB of nests).
          if (nextOp < i) {
            if (nextOp < 0) nextOp = b.indexOf(OP, Math.max(lastOp + 1, opSearched - 3));
            while (nextOp >= 0 && nextOp < i) {
              lastOp = nextOp;
              nextOp = b.indexOf(OP, nextOp + 1);
            }
            if (nextOp < 0) {
              nextOp = NONE;
              opSearched = n;
            }
          }
          if (lastOp < start) continue;
          if (closed === inner.length) inner = grow(inner);
          inner[closed++] = start;
          inner[closed++] = i;
        } else {
          if (parses-- === 0) return DROP;
          const text = b.toString('utf8', start, i + 1);
          const message = parseObject(text);
          if (message) {
            took.message = message;
            took.text = text;
            took.end = i;
            return TOOK;
          }
        }
      } else if (kind === 5) {
        i = stringEnd(b, i + 1, n);
        if (i >= n) {
          inString = true; // the next frame goes on inside this string
          break;
        }
      } else if (kind === 3) {
        if (++nest > MAX_NESTING) return DROP;
      } else nest--;
    }
  }
  s.at = inString ? i : n - 1;
  s.depth = depth;
  s.nest = nest;
  s.inner = inner;
  s.closed = closed;
  s.examined = examined;
  s.inString = inString;
  s.lastOp = lastOp;
  s.nextOp = nextOp;
  s.opSearched = opSearched;
  s.parses = parses;
  return SCANNED;
}

/**
 * The closing quote of a string whose text goes on at `from`, or n and beyond when the buffer
 * ends first (an escape cut by the end of the buffer leaves n + 1: the next frame's first byte
 * is escaped).
 */
function stringEnd(b: Buffer, from: number, n: number): number {
  let j = from;
  while (j < n) {
    const c = b[j]!;
    if (c === QUOTE) return j;
    j += c === BACKSLASH ? 2 : 1;
  }
  return j;
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
function wholeFrame(f: Buffer): Incoming | null {
  if (f[0] !== OPEN || f[f.length - 1] !== CLOSE) return null;
  if (count(f, OPEN, MAX_NESTING + 1) + count(f, OPEN_ARRAY, MAX_NESTING + 1) > MAX_NESTING) return null;
  const text = f.toString('utf8');
  const message = parseObject(text);
  return message ? { message, text } : null;
}

/** How many times the byte `c` occurs in `f`, counted up to `limit`. */
function count(f: Buffer, c: number, limit: number): number {
  let n = 0;
  for (let i = f.indexOf(c); i >= 0 && n < limit; i = f.indexOf(c, i + 1)) n++;
  return n;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return isObject(v) ? v : null;
  } catch {
    return null;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
