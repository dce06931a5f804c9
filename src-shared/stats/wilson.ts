/** z for a two-sided 95 % interval: qnorm(0.975). */
export const Z_95 = 1.959963984540054

/**
 * Wilson's score interval for a binomial proportion (Wilson 1927), without continuity correction:
 * what R's binom.confint(x, n, method = 'wilson') returns, the interval Madsen & Johansen's
 * export/_compute_summary.r puts on every success rate. Unlike the normal approximation it stays
 * inside [0, 1] and is not empty at 0 % or 100 % (0/100 → [0, 3.7 %]). Null when there are no runs.
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): [number, number] | null {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || successes > n) {
    throw new RangeError(`wilsonInterval: need whole numbers 0 ≤ successes ≤ n, got ${successes} of ${n}`)
  }
  if (n === 0) return null
  const p = successes / n
  const z2 = z * z
  const denom = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denom
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom
  // at 0 and n the bound is exactly 0 or 1 analytically; rounding would leave ±1e-17
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === n ? 1 : Math.min(1, centre + half)]
}
