import type { Detection, Detector, DetectorInput } from './detector.js';

/**
 * The task's own success rule and dense reward as the detector: exact on a simulated arm, and
 * on a real one as good as its perception inputs (object and goal poses).
 */
export class TaskDetector implements Detector {
  reset(): void {}

  detect(input: DetectorInput): Detection {
    return { success: input.task.info.success, reward: input.task.reward, confidence: 1 };
  }
}
