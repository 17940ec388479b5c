import type { Detection, Detector, DetectorInput } from './detector.js';

/**
 * Several detectors as one: `all` succeeds when every part does (confidence: the smallest),
 * `any` when one does (confidence: the largest).
 */
export class CombinedDetector implements Detector {
  constructor(readonly mode: 'all' | 'any', readonly parts: readonly Detector[]) {}

  reset(): void {
    for (const p of this.parts) p.reset();
  }

  async detect(input: DetectorInput): Promise<Detection> {
    const all = this.mode === 'all';
    let success = all;
    let confidence = all ? 1 : 0;
    // Every part sees every frame, so streak counters stay consistent.
    for (const p of this.parts) {
      const d = await p.detect(input);
      success = all ? success && d.success : success || d.success;
      confidence = all ? Math.min(confidence, d.confidence) : Math.max(confidence, d.confidence);
    }
    return { success, reward: success ? 1 : 0, confidence };
  }

  async dispose(): Promise<void> {
    for (const p of this.parts) await p.dispose?.();
  }
}
