/** A point estimate with a two-sided 95% confidence interval. */
export interface Estimate {
  mean: number;
  low: number;
  high: number;
}

const Z95 = 1.959963984540054;

/**
 * Success rate with the Wilson score interval, which stays inside [0, 1] and keeps its coverage
 * at 0% and 100% where the normal approximation collapses to a point.
 */
export function rateWithInterval(successes: number, trials: number): Estimate {
  if (trials === 0) return { mean: NaN, low: NaN, high: NaN };
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return { mean: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Mean with a Student-t 95% interval. */
export function meanWithInterval(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { mean: NaN, low: NaN, high: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: mean, high: mean };
  const variance = values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / (n - 1);
  const half = studentT975(n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half };
}

/** The 97.5% quantile of Student's t with `df` degrees of freedom (Hill's series; < 1e-4 off for df >= 1). */
export function studentT975(df: number): number {
  if (df === 1) return 12.706204736;
  if (df === 2) return 4.30265273;
  // Cornish-Fisher expansion around the normal quantile.
  const z = Z95;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/**
 * Two-sided p-value of the pooled two-proportion z-test that rates k1/n1 and k2/n2 are equal
 * (the test a results table uses to call one policy's success rate different from another's).
 * 1 when both rates are 0% or both 100%, where the test has no variance to work with.
 */
export function twoProportionPValue(k1: number, n1: number, k2: number, n2: number): number {
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return 1;
  const z = Math.abs(k1 / n1 - k2 / n2) / se;
  return erfc(z / Math.SQRT2);
}

/** The complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
