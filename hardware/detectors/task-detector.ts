import { DetectorError } from '../hardware-errors.js';
import type { Detection, Detector, DetectorInput } from './detector.js';

/** In simulation, the task's own evaluate() is the detector. */
export class TaskDetector implements Detector {
  reset(): void {}

  detect(input: DetectorInput): Detection {
    const evaluate = input.driver.evaluate;
    if (!evaluate) throw new DetectorError(`the task detector needs a simulated arm; ${input.driver.name} has no evaluate()`);
    const success = evaluate.call(input.driver).success;
    return { success, reward: success ? 1 : 0, confidence: 1 };
  }
}
