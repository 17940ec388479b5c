/** The longest text kept while waiting for a frame to complete; beyond it the buffer is dropped. */
const MAX_BUFFER = 1 << 20;

const OPEN = 123; // {
const CLOSE = 125; // }
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
 * what is left of earlier ones and at most one message is taken out. The whole buffer is parsed
 * first; when that fails, one scan pairs braces outside strings, and the first complete object
 * is taken with the text before it dropped (the rest waits for the next frame, as concatenated
 * texts do in rosbridge). An object still open when the buffer ends may be a text split over
 * frames and is kept, but an object with an "op" closed inside it is taken: after a truncated
 * frame, the next good one is answered, as rosbridge answers it. Invalid JSON is never reported:
 * it is skipped. Where rosbridge parses every "{"-to-"}" span (quadratic: a 4 KB brace bomb held
 * it for seconds), this parses each closed top-level object once, so where they differ is only
 * garbage: an object without an op nested in an unfinished one waits instead of being reported,
 * and a top-level one is consumed instead of blocking the buffer.
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
    try {
      const whole = JSON.parse(this.buffer) as unknown;
      const consumed = this.buffer;
      this.buffer = '';
      return { message: isObject(whole) ? whole : null, text: consumed };
    } catch {
      return this.scan();
    }
  }

  private scan(): Incoming {
    const b = this.buffer;
    // Stacks as typed arrays (a frame can hold a million braces): the "{"s not closed yet, and
    // [start, end] of the objects closed inside an open one (outermost only).
    const opens = new Int32Array(b.length);
    const inner = new Int32Array(b.length + 1);
    let depth = 0;
    let closed = 0;
    let inString = false;
    let escaped = false;
    for (let i = 0; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) inString = false;
      } else if (c === OPEN) opens[depth++] = i;
      else if (depth === 0) continue; // between texts quotes and "}" are garbage
      else if (c === QUOTE) inString = true;
      else if (c === CLOSE) {
        const start = opens[--depth]!;
        while (closed > 0 && inner[closed - 2]! > start) closed -= 2;
        if (depth > 0) {
          inner[closed++] = start;
          inner[closed++] = i;
        } else {
          const message = parseObject(b, start, i);
          if (message) return this.take(message, start, i);
        }
      }
    }
    for (let k = 0; k < closed; k += 2) {
      const message = parseObject(b, inner[k]!, inner[k + 1]!);
      if (message && message['op'] !== undefined && message['op'] !== null) return this.take(message, inner[k]!, inner[k + 1]!);
    }
    // Only an unfinished object can still become a message; the rest is garbage.
    this.buffer = depth > 0 && b.length - opens[0]! <= MAX_BUFFER ? b.slice(opens[0]) : '';
    return { message: null, text: '' };
  }

  private take(message: Record<string, unknown>, start: number, end: number): Incoming {
    const text = this.buffer.slice(start, end + 1);
    this.buffer = this.buffer.slice(end + 1);
    return { message, text };
  }
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
