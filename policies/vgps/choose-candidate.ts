import type { Rng } from '../../math/rng.js';
import { PolicyError } from '../policy-errors.js';

/**
 * Pick one of `k` candidates from their Q values `q[start .. start + k)`: the first best when
 * `temperature` is 0, else a draw from softmax(Q / temperature).
 * @throws PolicyError when a Q value is NaN, which no choice could honour.
 */
export function chooseCandidate(q: Float32Array, start: number, k: number, temperature: number, rng: Rng): number {
  let best = 0;
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    const v = q[start + c]!;
    if (Number.isNaN(v)) throw new PolicyError(`V-GPS: Q value of candidate ${c} is NaN`);
    if (v > max) {
      max = v;
      best = c;
    }
  }
  if (temperature === 0 || max === Infinity) return best;
  // Subtracting the max keeps exp() in range; the probabilities are unchanged.
  let sum = 0;
  for (let c = 0; c < k; c++) sum += Math.exp((q[start + c]! - max) / temperature);
  let u = rng.random() * sum;
  for (let c = 0; c < k; c++) {
    u -= Math.exp((q[start + c]! - max) / temperature);
    if (u < 0) return c;
  }
  return best; // only reachable through rounding at u ~ sum
}
