/**
 * Meta-World's reward shaping primitive (after dm_control's `tolerance`): 1 when `x` lies in
 * [lower, upper]; outside, a long-tailed sigmoid of the distance to the bounds in units of
 * `margin`, equal to `valueAtMargin` one margin away and tending to 0 beyond.
 */
export function tolerance(x: number, lower: number, upper: number, margin: number, valueAtMargin = 0.1): number {
  if (x >= lower && x <= upper) return 1;
  if (margin === 0) return 0;
  const d = (x < lower ? lower - x : x - upper) / margin;
  const scale = Math.sqrt(1 / valueAtMargin - 1);
  return 1 / ((d * scale) ** 2 + 1);
}

/**
 * The same with dm_control's gaussian sigmoid (Meta-World's sigmoid="gaussian"): 1 when `x` lies
 * in [lower, upper], `valueAtMargin` one margin beyond, falling off as a gaussian.
 */
export function gaussianTolerance(x: number, lower: number, upper: number, margin: number, valueAtMargin = 0.1): number {
  if (x >= lower && x <= upper) return 1;
  if (margin === 0) return 0;
  const d = ((x < lower ? lower - x : x - upper) / margin) * Math.sqrt(-2 * Math.log(valueAtMargin));
  return Math.exp(-0.5 * d * d);
}
