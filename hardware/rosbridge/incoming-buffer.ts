/** The longest text kept while waiting for a frame to complete; beyond it the buffer is dropped. */
const MAX_BUFFER = 1 << 20;

/** What one received text frame yields: a message object, or nothing yet. */
export interface Incoming {
  /** The message, or null when nothing could be parsed. */
  message: Record<string, unknown> | null;
  /** The text the message was parsed from (for the "without an op" log line). */
  text: string;
}

/**
 * rosbridge 0.11.17's receive buffer: each frame is appended to what is left of earlier ones;
 * the whole buffer is parsed, and when that fails, every span from a "{" to a "}" is tried in
 * order until one parses to an object with an "op", which is taken and the text before it
 * dropped. So invalid JSON is not reported: it waits in the buffer and is skipped when the next
 * good frame arrives.
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
    const opens: number[] = [];
    const closes: number[] = [];
    for (let i = 0; i < b.length; i++) {
      const c = b.charCodeAt(i);
      if (c === 123) opens.push(i);
      else if (c === 125) closes.push(i);
    }
    let found: Record<string, unknown> | null = null;
    let foundText = '';
    for (const start of opens) {
      for (const end of closes) {
        if (end < start) continue;
        const slice = b.slice(start, end + 1);
        let parsed: unknown;
        try {
          parsed = JSON.parse(slice);
        } catch {
          continue;
        }
        if (!isObject(parsed)) continue;
        found = parsed;
        foundText = slice;
        if (parsed['op'] !== undefined && parsed['op'] !== null) {
          this.buffer = b.slice(end + 1);
          return { message: parsed, text: slice };
        }
      }
      // rosbridge stops at the first start that parsed at all, even without an op.
      if (found) break;
    }
    if (this.buffer.length > MAX_BUFFER) this.buffer = '';
    return { message: found, text: foundText };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
