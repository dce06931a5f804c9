/**
 * Arithmetic expressions over the inputs x0, x1, … in a canonical form, so that a formula read
 * from weights and the true configuration compare exactly: a sum of terms, each a coefficient
 * times a product of linear forms raised to integer powers (x5 × x2 is two one-input forms,
 * (Σ x0…x24) × (Σ x12…x36) two many-input forms).
 */
export type Linear = Map<number, number>
export interface Factor {
  lin: Linear
  power: number
}
export interface Term {
  c: number
  factors: Factor[]
}
export type Expr = Term[]

export const single = (i: number): Linear => new Map([[i, 1]])

function linKey(l: Linear): string {
  return [...l]
    .filter(([, c]) => c !== 0)
    .sort((a, b) => a[0] - b[0])
    .map(([i, c]) => `${c}x${i}`)
    .join(',')
}

/** Adds c·l into acc (integer coefficients, zeros dropped). */
export function addLinear(acc: Linear, l: Linear, c: number): Linear {
  for (const [i, v] of l) {
    const s = (acc.get(i) ?? 0) + c * v
    if (s === 0) acc.delete(i)
    else acc.set(i, s)
  }
  return acc
}

/** A linear form as a sum of one-input terms. */
export function linearExpr(l: Linear): Expr {
  return [...l].filter(([, c]) => c !== 0).map(([i, c]) => ({ c, factors: [{ lin: single(i), power: 1 }] }))
}

/** Π forms^powers as one term (a lone form to the power 1 is expanded into its terms). */
export function productExpr(factors: Factor[]): Expr {
  return [{ c: 1, factors }]
}

/** The canonical form: equal factors merged, a lone factor of power 1 expanded, equal terms merged. */
export function canonical(e: Expr): Expr {
  const expanded: Term[] = []
  for (const t of e) {
    if (t.c === 0) continue
    const merged = new Map<string, Factor>()
    for (const f of t.factors) {
      if (f.lin.size === 0 || f.power === 0) continue
      const k = linKey(f.lin)
      const prev = merged.get(k)
      merged.set(k, { lin: f.lin, power: (prev?.power ?? 0) + f.power })
    }
    const factors = [...merged.values()].filter((f) => f.power !== 0)
    if (factors.length === 1 && factors[0].power === 1 && factors[0].lin.size > 1) {
      for (const term of linearExpr(factors[0].lin)) expanded.push({ c: term.c * t.c, factors: term.factors })
    } else expanded.push({ c: t.c, factors })
  }
  const byKey = new Map<string, Term>()
  for (const t of expanded) {
    const k = termKey(t)
    const prev = byKey.get(k)
    byKey.set(k, { c: (prev?.c ?? 0) + t.c, factors: t.factors })
  }
  return [...byKey.values()].filter((t) => t.c !== 0)
}

function termKey(t: Term): string {
  return t.factors
    .map((f) => `(${linKey(f.lin)})^${f.power}`)
    .sort()
    .join('*')
}

/** Exact equality of two expressions as functions of the inputs (in their canonical forms). */
export function sameExpr(a: Expr, b: Expr): boolean {
  const key = (e: Expr) =>
    canonical(e)
      .map((t) => `${t.c}:${termKey(t)}`)
      .sort()
      .join(' | ')
  return key(a) === key(b)
}

/** Substitutes expressions for the inputs of a linear read: Σ c_k·E_k. */
export function sumOf(l: Linear, of: (k: number) => Expr): Expr {
  const out: Expr = []
  for (const [k, c] of l) for (const t of of(k)) out.push({ c: c * t.c, factors: t.factors })
  return out
}

/**
 * Substitutes expressions for the inputs of a product read: Π E_k^p_k. Null when an E_k is a sum
 * of several products (no single-term form to raise to a power).
 */
export function productOf(powers: Linear, of: (k: number) => Expr): Expr | null {
  const factors: Factor[] = []
  let c = 1
  for (const [k, p] of powers) {
    const e = of(k)
    // a linear form over several inputs is one factor; a single product term contributes its factors
    const lin = asLinear(e)
    if (lin && lin.size > 1) factors.push({ lin, power: p })
    else if (e.length === 1) {
      if (p < 0 && e[0].c !== 1 && e[0].c !== -1) return null
      c *= Math.pow(e[0].c, p)
      for (const f of e[0].factors) factors.push({ lin: f.lin, power: f.power * p })
    } else return null
  }
  return [{ c, factors }]
}

/** The expression as one linear form, if every term is a one-input form to the power 1. */
export function asLinear(e: Expr): Linear | null {
  const l: Linear = new Map()
  for (const t of e) {
    if (t.factors.length !== 1 || t.factors[0].power !== 1) return null
    addLinear(l, t.factors[0].lin, t.c)
  }
  return l
}
