import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resourceError } from '../errors.js';
import { RecordingError } from './recording-error.js';

// h5wasm does not throw when HDF5 cannot open a file: it prints HDF5's diagnostic stack and
// hands back a dead handle. So paths are checked with node:fs first, which names the reason.

const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Throw unless `path` can be read and holds HDF5's signature (at byte 0, or at 512, 1024, 2048,
 * ... after a user block, as the format allows).
 * @throws ResourceError when it cannot be read (missing, not permitted, a directory).
 * @throws RecordingError when it is not an HDF5 file.
 */
export function checkHdf5Readable(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw resourceError(`cannot read ${path}`, e);
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(SIGNATURE.length);
    for (let at = 0; at + SIGNATURE.length <= size; at = at === 0 ? 512 : at * 2) {
      readSync(fd, head, 0, head.length, at);
      if (head.equals(SIGNATURE)) return;
    }
  } catch (e) {
    throw resourceError(`cannot read ${path}`, e);
  } finally {
    closeSync(fd);
  }
  throw new RecordingError(`${path}: not an HDF5 file (no HDF5 signature)`);
}
