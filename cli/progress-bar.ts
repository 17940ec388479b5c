/**
 * A progress line on stderr: redrawn in place on a terminal, printed every 10% otherwise so CI
 * logs stay short.
 */
export class ProgressBar {
  private readonly start = performance.now();
  private lastDecile = -1;
  private readonly tty: boolean;

  constructor(private readonly label: string, private readonly total: number, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.tty = Boolean(stream.isTTY);
  }

  /** Show `done` of `total`, with a free-form suffix (e.g. the running success rate). */
  update(done: number, suffix = ''): void {
    const fraction = this.total === 0 ? 1 : done / this.total;
    const elapsed = (performance.now() - this.start) / 1000;
    const eta = fraction > 0 ? elapsed * (1 / fraction - 1) : NaN;
    const width = 24;
    const filled = Math.round(fraction * width);
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${elapsed.toFixed(1)}s eta ${Number.isFinite(eta) ? eta.toFixed(1) : '?'}s ${suffix}`;
    if (this.tty) {
      this.stream.write(`\r${line}\x1b[K`);
      if (done >= this.total) this.stream.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${line}\n`);
    }
  }
}
