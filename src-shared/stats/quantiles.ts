/**
 * Quantiles as R's quantile(type = 7) and numpy's default compute them: linear interpolation
 * between the order statistics, h = (n − 1)·p. The median and quartiles the study page and
 * `lab summary` print are these, so a reader can check them with either tool.
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN
  if (p <= 0) return sorted[0]
  if (p >= 1) return sorted[sorted.length - 1]
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const below = sorted[lo]
  if (h === lo) return below
  const above = sorted[Math.min(lo + 1, sorted.length - 1)]
  // Infinity beside Infinity must not become Infinity − Infinity = NaN
  return below === above ? below : below + (h - lo) * (above - below)
}

/** Ascending copy; NaN sorts last, as the largest value (a diverged loss is worse than any number). */
export function sortedNumbers(values: readonly number[]): number[] {
  return values.map((v) => (Number.isNaN(v) ? Infinity : v)).sort((a, b) => a - b)
}

export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(sortedNumbers(values), p)
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

export interface Quartiles {
  q1: number
  median: number
  q3: number
}

/** First quartile, median and third quartile, or null for no values. */
export function quartiles(values: readonly number[]): Quartiles | null {
  if (values.length === 0) return null
  const s = sortedNumbers(values)
  return { q1: quantileSorted(s, 0.25), median: quantileSorted(s, 0.5), q3: quantileSorted(s, 0.75) }
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) return NaN
  let sum = 0
  for (const v of values) sum += v
  return sum / values.length
}
