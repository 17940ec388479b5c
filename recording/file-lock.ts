import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resourceError } from '../errors.js';
import { RecordingError } from './recording-error.js';

/** Attempts at a stale lock another process is taking over at the same moment. */
const TAKEOVER_ATTEMPTS = 100;

/**
 * Take `FILE.lock` for the one process that writes `path`: created exclusively, holding the
 * writer's pid. A lock whose pid is dead (a writer killed with -9) is taken over, under a
 * second exclusive file, `FILE.lock.break`: without it, two writers that both saw the dead pid
 * could each remove the lock (the second removing the first's new one) and both write.
 * Resolves to the release.
 * @throws RecordingError when a live process holds it; ResourceError when it cannot be created.
 */
export function lockFile(path: string): () => void {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt++) {
    if (create(lock, path)) return () => rmSync(lock, { force: true });
    const holder = lockHolder(lock);
    if (holder !== null) throw heldBy(path, lock, holder);
    const breaker = `${lock}.break`;
    if (!create(breaker, path)) {
      // Another process is taking the stale lock over, for microseconds; one left by a process
      // killed in those microseconds is stale itself. A breaker that vanished as it was read was
      // released, not stale: removing "it" then could remove the next taker's new one and let
      // two through (seen under load: two of four contenders got the lock).
      if (holderState(breaker) === 'dead') rmSync(breaker, { force: true });
      continue;
    }
    try {
      // Under the breaker, the lock is still the stale one, or a live writer's that got here first.
      const now = lockHolder(lock);
      if (now !== null) throw heldBy(path, lock, now);
      rmSync(lock, { force: true });
      if (create(lock, path)) return () => rmSync(lock, { force: true });
    } finally {
      rmSync(breaker, { force: true });
    }
  }
  throw heldBy(path, lock, null);
}

/**
 * Create `file` holding this pid, whole or not at all (linked from a written temporary, so a
 * reader never sees it empty and takes it for stale); false when it exists.
 */
function create(file: string, path: string): boolean {
  const temporary = `${file}.${process.pid}`;
  try {
    writeFileSync(temporary, `${process.pid}\n`);
    linkSync(temporary, file);
    return true;
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'EEXIST') throw resourceError(`cannot write ${path} (its lock ${file})`, e);
    return false;
  } finally {
    rmSync(temporary, { force: true });
  }
}

function heldBy(path: string, lock: string, pid: number | null): RecordingError {
  return new RecordingError(`${path} is being written by another writer (pid ${pid ?? 'unknown'} holds ${lock}); wait for it to finish or write another file`);
}

// The pid in a lock file when that process is alive; null for a stale, vanished or unreadable lock.
function lockHolder(lock: string): number | null {
  const state = holderState(lock);
  return typeof state === 'number' ? state : null;
}

// A lock file's holder: its pid when alive, 'dead' when the file names a process that is gone (or
// names none), 'absent' when there is no file to read.
function holderState(lock: string): number | 'dead' | 'absent' {
  let text: string;
  try {
    text = readFileSync(lock, 'utf8');
  } catch {
    return 'absent';
  }
  const pid = Number(text.trim());
  if (!Number.isInteger(pid) || pid <= 0) return 'dead';
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: the process exists under another user.
    return (e as { code?: unknown }).code === 'EPERM' ? pid : 'dead';
  }
}
