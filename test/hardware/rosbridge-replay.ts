import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { REPO_ROOT } from '../policies/fixtures.js';

/**
 * Folder of the transcripts recorded from a real rosbridge 0.11.17 (a copy of the project's
 * shared/conformance/rosbridge, committed so that every checkout checks the twin against them).
 */
export const CONFORMANCE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'rosbridge');

/** One line of a transcript. */
export interface TranscriptLine {
  t_ms: number;
  conn?: number;
  dir?: 'c2s' | 's2c';
  frame?: Record<string, unknown> | null;
  raw?: string;
  event?: string;
  note?: string;
  code?: number;
}

/** The lines of a transcript file. */
export function readTranscript(name: string): TranscriptLine[] {
  return readFileSync(join(CONFORMANCE_DIR, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TranscriptLine);
}

/** A side file of JSON lines (.rospy.jsonl). */
export function readJsonLines<T>(name: string): T[] {
  return readFileSync(join(CONFORMANCE_DIR, name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

/** A raw WebSocket client that queues what it receives. */
export class RawClient {
  readonly frames: string[] = [];
  closeCode: number | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.frames.push(d.toString());
      this.wake();
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      this.wake();
    });
  }

  /** Connect. */
  static open(url: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new RawClient(ws)));
      ws.once('error', reject);
    });
  }

  /** The next frame, or an error after timeoutMs. */
  async next(timeoutMs = 2000): Promise<string> {
    const end = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (Date.now() > end) throw new Error(`no frame within ${timeoutMs} ms`);
      await this.wait(end - Date.now());
    }
    return this.frames.shift()!;
  }

  /** Close without a code and resolve with the code the server answered. */
  async close(): Promise<number> {
    this.ws.close();
    while (this.closeCode === null) await this.wait(1000);
    return this.closeCode;
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, Math.max(1, ms));
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** Pause. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
