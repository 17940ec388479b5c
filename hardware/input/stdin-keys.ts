import { HardwareError } from '../hardware-errors.js';
import type { KeySource } from './key-source.js';

/**
 * Key presses from the terminal in raw mode (Ctrl-C still ends the process). Refuses to start
 * without a terminal, where no operator could press anything. Dispose to restore the terminal.
 */
export class StdinKeys implements KeySource, Disposable {
  private readonly listeners = new Set<(key: string) => void>();
  private readonly onData = (chunk: Buffer) => {
    for (const ch of chunk.toString('utf8')) {
      if (ch === '\u0003') process.kill(process.pid, 'SIGINT');
      for (const l of [...this.listeners]) l(ch);
    }
  };

  constructor() {
    if (!process.stdin.isTTY) throw new HardwareError('keyboard input needs a terminal (stdin is not a TTY)');
    process.stdin.setRawMode(true);
    process.stdin.on('data', this.onData);
    process.stdin.resume();
  }

  onKey(listener: (key: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  [Symbol.dispose](): void {
    process.stdin.off('data', this.onData);
    process.stdin.setRawMode(false);
    process.stdin.pause();
  }
}
