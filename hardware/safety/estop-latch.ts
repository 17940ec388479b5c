/** Where an e-stop came from. */
export type EStopSource = 'key' | 'topic' | 'service' | 'api';

/**
 * A software e-stop that latches: once triggered, every command is held until clear() is
 * called and the driver is re-armed. Triggering twice keeps the first cause.
 */
export class EStopLatch {
  private cause: { source: EStopSource; reason: string; at: number } | null = null;
  private readonly listeners = new Set<(source: EStopSource, reason: string) => void>();

  /** Whether the e-stop is latched. */
  get latched(): boolean {
    return this.cause !== null;
  }

  /** What latched it, or null. */
  get reason(): string | null {
    return this.cause ? `${this.cause.source}: ${this.cause.reason}` : null;
  }

  /** Latch; listeners hear the first trigger only. */
  trigger(source: EStopSource, reason: string): void {
    if (this.cause) return;
    this.cause = { source, reason, at: Date.now() };
    for (const l of this.listeners) l(source, reason);
  }

  /** Unlatch. The driver still needs rearm() before it commands again. */
  clear(): void {
    this.cause = null;
  }

  /** Be told when the latch trips; returns the unsubscribe function. */
  onTrigger(listener: (source: EStopSource, reason: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
