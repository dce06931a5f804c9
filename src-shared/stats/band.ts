import { quantileSorted, sortedNumbers } from './quantiles'

/** One run's curve: its evaluation points and the value at each. */
export interface Curve {
  x: readonly number[]
  y: readonly number[]
}

/** Median and inter-quartile band over runs, at every x where at least one run has a point. */
export interface Band {
  x: number[]
  median: number[]
  q1: number[]
  q3: number[]
  /** runs with a point at this x (fewer where some runs are still running or stopped early) */
  count: number[]
}

/**
 * The band of a group of runs (one model over seeds). Each x is summarised over the runs that
 * reached it, so a running seed does not pull the median down to its last point. NaN (a diverged
 * loss) counts as +Infinity: worse than any number, never silently left out.
 */
export function band(curves: readonly Curve[]): Band {
  const byX = new Map<number, number[]>()
  for (const c of curves) {
    if (c.x.length !== c.y.length) throw new RangeError(`band: a curve has ${c.x.length} x but ${c.y.length} y values`)
    c.x.forEach((x, i) => {
      const list = byX.get(x)
      if (list) list.push(c.y[i])
      else byX.set(x, [c.y[i]])
    })
  }
  const out: Band = { x: [], median: [], q1: [], q3: [], count: [] }
  for (const x of [...byX.keys()].sort((a, b) => a - b)) {
    const s = sortedNumbers(byX.get(x) as number[])
    out.x.push(x)
    out.q1.push(quantileSorted(s, 0.25))
    out.median.push(quantileSorted(s, 0.5))
    out.q3.push(quantileSorted(s, 0.75))
    out.count.push(s.length)
  }
  return out
}
