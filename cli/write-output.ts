import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ResourceError, resourceError } from '../errors.js';

/** Write a file the user named (a report, a plot). @throws ResourceError naming the path and the reason. */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw resourceError(`cannot write ${path}`, e);
  }
}

/** Refuse, before any work, a path that cannot be written: a directory, or one whose folder is missing or read-only. @throws ResourceError */
export function checkWritable(path: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) throw new ResourceError(`cannot write ${path}: it is a directory`);
  try {
    accessSync(existsSync(path) ? path : dirname(resolve(path)), constants.W_OK);
  } catch (e) {
    throw resourceError(`cannot write ${path}`, e);
  }
}
