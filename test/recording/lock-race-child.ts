/**
 * One contender for a stale lock (lock-race test): waits for the start time in argv, tries to
 * take the lock on argv[2], prints "got" or "refused" at once, and a winner holds the lock until
 * its stdin closes (the test closes it once every contender has answered, however slow a loaded
 * machine makes them).
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
  process.stdin.on('end', release).resume();
} catch (e) {
  if (!(e instanceof RecordingError)) throw e;
  process.stdout.write('refused');
  process.stdin.destroy();
}
