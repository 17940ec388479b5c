import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resourceError } from '../errors.js';
import { RecordingError } from './recording-error.js';

/**
 * Take `FILE.lock` for the one process that writes `path`: created exclusively, holding the
 * writer's pid. A lock whose pid is dead (a writer killed with -9) is taken over. Resolves to
 * the release.
 * @throws RecordingError when a live process holds it; ResourceError when it cannot be created.
 */
export function lockFile(path: string): () => void {
  const lock = `${path}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EEXIST') throw resourceError(`cannot write ${path} (its lock ${lock})`, e);
      const holder = lockHolder(lock);
      // The dead writer's lock is removed and creation tried once more. Two writers taking over
      // the same stale lock within microseconds of each other could still both get it.
      if (holder !== null || attempt > 0) {
        throw new RecordingError(`${path} is being written by another writer (pid ${holder ?? 'unknown'} holds ${lock}); wait for it to finish or write another file`);
      }
      rmSync(lock, { force: true });
    }
  }
}

// The pid in a lock file when that process is alive; null for a stale or unreadable lock.
function lockHolder(lock: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: the process exists under another user.
    return (e as { code?: unknown }).code === 'EPERM' ? pid : null;
  }
}
