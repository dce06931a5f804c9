import type { Expr, Factor, Linear, Term } from './expr'

/**
 * Expressions written as the per-output table writes formulas: `x84 − x91`, `x5 × x2`, `x5 ÷ x2`;
 * runs of three or more consecutive inputs with one coefficient as `Σ x0…x24`. `order` lists input
 * indices to write first, in that order (the truth's), so an equal formula reads the same.
 */
const MINUS = '−'

/** where input i is written: the truth's order first, then positive pieces before negative, by index */
function rank(order: readonly number[] | undefined, i: number, c = 1): number {
  const r = order?.indexOf(i) ?? -1
  return r >= 0 ? r : 1e9 + (c > 0 ? 0 : 1e8) + i
}

/** A linear form's pieces: [coefficient, text] with runs of consecutive inputs grouped. */
function linearPieces(l: Linear, order?: readonly number[]): [number, string][] {
  const entries = [...l].filter(([, c]) => c !== 0).sort((a, b) => a[0] - b[0])
  const pieces: [number, string, number][] = []
  for (let k = 0; k < entries.length;) {
    let end = k
    while (end + 1 < entries.length && entries[end + 1][0] === entries[end][0] + 1 && entries[end + 1][1] === entries[k][1]) end++
    const [i, c] = entries[k]
    if (end - k >= 2) {
      pieces.push([c, `Σ x${i}…x${entries[end][0]}`, rank(order, i, c)])
      k = end + 1
    } else {
      pieces.push([c, `x${i}`, rank(order, i, c)])
      k++
    }
  }
  pieces.sort((a, b) => a[2] - b[2])
  return pieces.map(([c, t]) => [c, t])
}

function scaled(c: number, text: string): string {
  const a = Math.abs(c)
  return a === 1 ? text : `${a}·${text}`
}

function joinSigned(pieces: [number, string][]): string {
  if (!pieces.length) return '0'
  return pieces.map(([c, t], k) => (k === 0 ? `${c < 0 ? MINUS : ''}${scaled(c, t)}` : ` ${c < 0 ? MINUS : '+'} ${scaled(c, t)}`)).join('')
}

function factorText(f: Factor, order?: readonly number[]): string {
  const inner = joinSigned(linearPieces(f.lin, order))
  const one = f.lin.size === 1 && [...f.lin.values()][0] === 1
  return one || /^Σ [^ ]+$/.test(inner) ? inner : `(${inner})`
}

function factorRank(f: Factor, order?: readonly number[]): number {
  return Math.min(...[...f.lin.keys()].map((i) => rank(order, i)))
}

function termText(t: Term, order?: readonly number[]): string {
  const fs = [...t.factors].sort((a, b) => factorRank(a, order) - factorRank(b, order))
  const power = (f: Factor, p: number) => (p === 1 ? factorText(f, order) : `${factorText(f, order)}^${p}`)
  const num = fs.filter((f) => f.power > 0).map((f) => power(f, f.power))
  const den = fs.filter((f) => f.power < 0).map((f) => power(f, -f.power))
  const body = (num.length ? num.join(' × ') : '1') + den.map((d) => ` ÷ ${d}`).join('')
  return body
}

export function formatExpr(e: Expr, order?: readonly number[]): string {
  if (!e.length) return '0'
  // a sum of one-input terms reads as one linear form (runs grouped)
  if (e.every((t) => t.factors.length === 1 && t.factors[0].power === 1 && t.factors[0].lin.size === 1)) {
    const l: Linear = new Map()
    for (const t of e) {
      const [[i, c]] = [...t.factors[0].lin]
      l.set(i, (l.get(i) ?? 0) + t.c * c)
    }
    return joinSigned(linearPieces(l, order))
  }
  const terms = e.map((t): [number, string] => [t.c, termText({ c: 1, factors: t.factors }, order)])
  return joinSigned(terms)
}

/** The input indices of an expression in the order they were written into it. */
export function inputOrder(e: Expr): number[] {
  const seen: number[] = []
  for (const t of e) for (const f of t.factors) for (const i of f.lin.keys()) if (!seen.includes(i)) seen.push(i)
  return seen
}
