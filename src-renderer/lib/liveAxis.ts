const STEPS = [1, 2, 5, 10] as const

/**
 * The Live charts' log y axis: the lines' extremes rounded out to 1, 2 or 5 × 10ⁿ. Left to Chart.js
 * the axis would end at every new lowest loss, so it (and the finished runs' bitmap drawn on it,
 * charts/frozenLines.ts) would change on nearly every tick; rounded, it changes a few times a decade.
 * Null while no line has a positive value.
 */
export function roundedLogRange(min: number, max: number): { min: number; max: number } | null {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return null
  const lo = roundDown(min)
  let hi = roundUp(max)
  if (hi <= lo) hi = roundUp(lo * 1.000001)
  return { min: lo, max: hi }
}

function roundDown(v: number): number {
  const e = Math.floor(Math.log10(v))
  for (let i = STEPS.length - 1; i >= 0; i--) {
    const r = Number(`${STEPS[i]}e${e}`)
    if (r <= v) return r
  }
  return Number(`1e${e - 1}`)
}

function roundUp(v: number): number {
  const e = Math.floor(Math.log10(v))
  for (const m of STEPS) {
    const r = Number(`${m}e${e}`)
    if (r >= v) return r
  }
  return Number(`1e${e + 1}`)
}
