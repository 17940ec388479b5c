import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

/** What a finished stage left behind: the inputs it ran with, its result and its wall time. */
export interface StageRecord<R = unknown> {
  inputs: unknown;
  result: R;
  seconds: number;
  finished: string;
}

/**
 * The finished stages of a results run, one JSON file each under `<work>/stages/`. A record is
 * written only after the stage's own files are complete (and by rename, so a kill never leaves
 * half a record): a run killed anywhere resumes by redoing at most the stage it was in. A record
 * whose inputs differ from the stage's current ones (other demos, steps, seeds) does not count.
 */
export class StageStore {
  private readonly dir: string;

  constructor(work: string) {
    this.dir = join(work, 'stages');
    mkdirSync(this.dir, { recursive: true });
  }

  /** The record of stage `key` if it finished with these inputs, else null. */
  finished<R>(key: string, inputs: unknown): StageRecord<R> | null {
    const file = this.file(key);
    if (!existsSync(file)) return null;
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as StageRecord<R>;
      return isDeepStrictEqual(record.inputs, JSON.parse(JSON.stringify(inputs))) ? record : null;
    } catch {
      // A record that does not parse is as good as none: the stage runs again and rewrites it.
      return null;
    }
  }

  /** Mark stage `key` finished. */
  record<R>(key: string, inputs: unknown, result: R, seconds: number): StageRecord<R> {
    const record: StageRecord<R> = { inputs, result, seconds, finished: new Date().toISOString() };
    const file = this.file(key);
    writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
    return record;
  }

  private file(key: string): string {
    return join(this.dir, `${key.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
  }
}
