/**
 * One contender for a stale lock (lock-race test): waits for the start time in argv, takes
 * the lock on argv[2], holds it long enough for every other contender to have tried, prints
 * "got" or "refused".
 */
import { lockFile } from '../../recording/file-lock.js';
import { RecordingError } from '../../recording/recording-error.js';

const [path, startAt] = [process.argv[2]!, Number(process.argv[3])];
while (Date.now() < startAt) {
  // spin, so that every contender starts within microseconds of the others
}
try {
  const release = lockFile(path);
  process.stdout.write('got');
  setTimeout(release, 300);
} catch (e) {
  if (!(e instanceof RecordingError)) throw e;
  process.stdout.write('refused');
}
