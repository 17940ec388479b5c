import { spawn } from 'node:child_process';
import { ArmkitError } from '../../errors.js';

/** A trainer process failed; the message holds its exit status and last output lines. */
export class TrainerRunError extends ArmkitError {}

/** What a finished trainer reported. */
export interface TrainerRun {
  /** Wall-clock seconds of the whole process (start-up, data loading, training, export). */
  seconds: number;
  /** Gradient steps taken and seconds spent in them, from the trainer's final JSON line. */
  steps: number;
  trainSeconds: number;
  /** The trainer stopped at its time budget before its step count. */
  stoppedEarly: boolean;
}

/**
 * Run `python -m module args...` in `cwd`, streaming its output line by line through `log`.
 * Resolves with the trainer's own summary (its last line is JSON). @throws TrainerRunError
 * when the process exits non-zero or prints no summary.
 */
export function runTrainer(python: string, module: string, args: string[], cwd: string, log: (line: string) => void): Promise<TrainerRun> {
  const start = performance.now();
  const tail: string[] = [];
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-m', module, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    let summary: Record<string, unknown> | null = null;
    const onLine = (line: string) => {
      if (line.startsWith('{')) {
        try {
          summary = JSON.parse(line) as Record<string, unknown>;
          return;
        } catch {
          // Not the summary; show it like any other line.
        }
      }
      tail.push(line);
      if (tail.length > 20) tail.shift();
      log(line);
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffer = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffer += chunk;
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        lines.forEach(onLine);
      });
      stream.on('end', () => buffer && onLine(buffer));
    }
    child.on('error', (e) => reject(new TrainerRunError(`${python} -m ${module}: could not start (${e.message}); pass --python with Debian's /usr/bin/python3`, { cause: e })));
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) {
        reject(new TrainerRunError(`${module} exited with status ${code}; its last lines:\n  ${tail.join('\n  ')}`));
        return;
      }
      const s = summary as { steps?: number; seconds?: number; stopped_early?: boolean } | null;
      if (!s || typeof s.steps !== 'number') {
        reject(new TrainerRunError(`${module} exited without its JSON summary line; its last lines:\n  ${tail.join('\n  ')}`));
        return;
      }
      resolve({ seconds, steps: s.steps, trainSeconds: s.seconds ?? seconds, stoppedEarly: Boolean(s.stopped_early) });
    });
  });
}
