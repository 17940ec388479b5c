import { writeFileSync } from 'node:fs';
import { resourceError } from '../errors.js';

/** Write a file the user named (a report, a plot). @throws ResourceError naming the path and the reason. */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw resourceError(`cannot write ${path}`, e);
  }
}
