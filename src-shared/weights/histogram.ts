/** Equal-width bins over [lo, hi]; values outside are counted in the end bins (weights clamp there). */
export interface Histogram {
  lo: number
  hi: number
  /** bins + 1 edges */
  edges: number[]
  counts: number[]
  /** counts / total: comparable between matrices of different sizes and with a prior's mass */
  fractions: number[]
  total: number
}

export function binEdges(lo: number, hi: number, bins: number): number[] {
  if (!(hi > lo)) throw new Error(`histogram: the range [${lo}, ${hi}] is empty`)
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`histogram: bins must be a whole number ≥ 1, got ${bins}`)
  return Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins)
}

/** The bin of v: [edge_i, edge_i+1), the last bin closed; NaN gets −1 (not counted). */
export function binOf(v: number, lo: number, hi: number, bins: number): number {
  if (Number.isNaN(v)) return -1
  const i = Math.floor(((v - lo) / (hi - lo)) * bins)
  return Math.min(bins - 1, Math.max(0, i))
}

export function histogram(values: ArrayLike<number>, lo = -1, hi = 1, bins = 40): Histogram {
  const edges = binEdges(lo, hi, bins)
  const counts = new Array<number>(bins).fill(0)
  let total = 0
  for (let k = 0; k < values.length; k++) {
    const b = binOf(values[k], lo, hi, bins)
    if (b < 0) continue
    counts[b]++
    total++
  }
  return { lo, hi, edges, counts, fractions: counts.map((c) => (total ? c / total : 0)), total }
}
