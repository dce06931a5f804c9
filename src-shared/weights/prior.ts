import { binEdges, binOf } from './histogram'
import { nacOptimalR } from './nacInit'

/**
 * The NAC's prior: the distribution of W = tanh(Ŵ)·σ(M̂) when Ŵ and M̂ are drawn independently
 * from one distribution. Computed by integrating over a grid of (ŵ, m̂) values weighted by their
 * density, so the same request gives the same numbers (no sampling noise in a figure).
 */
export type Draw = { kind: 'normal'; std: number } | { kind: 'uniform'; r: number }

/**
 * How a NAC-weighted unit draws Ŵ and M̂ (src-main/training/models/nacWeights.ts): Glorot normal
 * N(0, 2/(in + out)), the article's xavier_normal_, or Madsen & Johansen's U[−r, r].
 */
export function initDraw(init: 'glorot' | 'madsen', fanIn: number, fanOut: number): Draw {
  return init === 'madsen' ? { kind: 'uniform', r: nacOptimalR(fanIn, fanOut) } : { kind: 'normal', std: Math.sqrt(2 / (fanIn + fanOut)) }
}

/** Wide draws, U[−5, 5]: tanh and σ saturate, which shows the construction's pull to −1, 0 and 1. */
export const WIDE_DRAW: Draw = { kind: 'uniform', r: 5 }

export function describeDraw(d: Draw): string {
  return d.kind === 'normal' ? `Ŵ, M̂ ~ N(0, ${d.std.toPrecision(3)}²)` : `Ŵ, M̂ ~ U[−${d.r.toPrecision(3)}, ${d.r.toPrecision(3)}]`
}

/** grid points and their probabilities (summing to 1) for one of Ŵ, M̂ */
function grid(d: Draw, n: number): { x: Float64Array; p: Float64Array } {
  const x = new Float64Array(n)
  const p = new Float64Array(n)
  const half = d.kind === 'normal' ? 8 * d.std : d.r
  let sum = 0
  for (let i = 0; i < n; i++) {
    x[i] = -half + ((i + 0.5) * 2 * half) / n
    p[i] = d.kind === 'normal' ? Math.exp(-0.5 * (x[i] / d.std) ** 2) : 1
    sum += p[i]
  }
  for (let i = 0; i < n; i++) p[i] /= sum
  return { x, p }
}

/** The prior's probability mass in each of `bins` equal bins over [−1, 1]. */
export function nacPrior(d: Draw, bins = 40, n = 600): { edges: number[]; fractions: number[] } {
  if (d.kind === 'normal' ? !(d.std > 0) : !(d.r > 0)) throw new Error(`prior: the draw must have a positive width (${describeDraw(d)})`)
  const edges = binEdges(-1, 1, bins)
  const fractions = new Array<number>(bins).fill(0)
  const g = grid(d, n)
  const t = g.x.map(Math.tanh)
  const s = g.x.map((m) => 1 / (1 + Math.exp(-m)))
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) fractions[binOf(t[i] * s[j], -1, 1, bins)] += g.p[i] * g.p[j]
  }
  return { edges, fractions }
}
