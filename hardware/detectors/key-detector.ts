import type { KeySource } from '../input/key-source.js';
import type { Detection, Detector } from './detector.js';

/** A human judge: one key marks success, another failure. */
export interface KeyDetectorConfig {
  kind: 'key';
  /** Default "s". */
  successKey?: string;
  /** Default "f". */
  failureKey?: string;
}

/** Success (or failure) when an operator presses a key; latched until the next episode. */
export class KeyDetector implements Detector {
  private verdict: boolean | null = null;
  private readonly off: () => void;

  constructor(keys: KeySource, readonly config: KeyDetectorConfig = { kind: 'key' }) {
    const ok = config.successKey ?? 's';
    const bad = config.failureKey ?? 'f';
    this.off = keys.onKey((k) => {
      if (k === ok) this.verdict = true;
      else if (k === bad) this.verdict = false;
    });
  }

  /** Whether the operator has failed the episode. */
  get failed(): boolean {
    return this.verdict === false;
  }

  reset(): void {
    this.verdict = null;
  }

  detect(): Detection {
    const success = this.verdict === true;
    return { success, reward: success ? 1 : 0, confidence: this.verdict === null ? 0 : 1 };
  }

  async dispose(): Promise<void> {
    this.off();
  }
}
