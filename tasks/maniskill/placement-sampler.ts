import type { Rng } from '../../math/rng.js';

/**
 * ManiSkill's UniformPlacementSampler: `count` points uniform in [-halfX, halfX] x [-halfY,
 * halfY]; the first is drawn once, each later one is redrawn until it lies more than twice
 * `radius` from every earlier one, and one that never does in `trials` draws is left at the
 * region's origin. The points are in `xs` and `ys` after sample().
 */
export class UniformPlacementSampler {
  /** The points' x, after sample(). */
  readonly xs: Float64Array;
  /** The points' y, after sample(). */
  readonly ys: Float64Array;

  constructor(
    count: number,
    private readonly halfX: number,
    private readonly halfY: number,
    private readonly radius: number,
    private readonly trials: number,
  ) {
    this.xs = new Float64Array(count);
    this.ys = new Float64Array(count);
  }

  /** Draw every point from `rng`, in order. */
  sample(rng: Rng): void {
    for (let i = 0; i < this.xs.length; i++) this.samplePoint(rng, i);
  }

  private samplePoint(rng: Rng, i: number): void {
    this.xs[i] = 0;
    this.ys[i] = 0;
    for (let trial = 0; trial < (i === 0 ? 1 : this.trials); trial++) {
      const x = rng.uniform(-this.halfX, this.halfX);
      const y = rng.uniform(-this.halfY, this.halfY);
      let clear = true;
      for (let j = 0; j < i; j++) if (Math.hypot(x - this.xs[j]!, y - this.ys[j]!) <= 2 * this.radius) clear = false;
      if (clear) {
        this.xs[i] = x;
        this.ys[i] = y;
        return;
      }
    }
  }
}
