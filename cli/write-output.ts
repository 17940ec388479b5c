import { closeSync, existsSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { resourceError } from '../errors.js';

/** Write a file the user named (a report, a plot). @throws ResourceError naming the path and the reason. */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw resourceError(`cannot write ${path}`, e);
  }
}

/**
 * Refuse, before any work, a path that cannot be written: a directory, a missing or read-only
 * folder, a place such as /proc. Permission bits do not say it (root passes them all), so the
 * file is opened for writing: an existing one is left as it is, a new one is removed again.
 * @throws ResourceError
 */
export function checkWritable(path: string): void {
  const existed = existsSync(path);
  try {
    closeSync(openSync(path, existed ? 'r+' : 'wx'));
  } catch (e) {
    throw resourceError(`cannot write ${path}`, e);
  }
  if (!existed) rmSync(path, { force: true });
}
