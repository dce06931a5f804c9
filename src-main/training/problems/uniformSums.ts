/**
 * Exact expectations of polynomials in independent sums of i.i.d. uniforms, for the success
 * thresholds of +, − and × (thresholds.ts). There a row's inputs fall into four groups (a's only,
 * b's only, both, neither); each group enters only through its sum S_g = n_g·μ + Z_g, so the
 * ε-perfect error is a polynomial in the four centred sums Z_g, and its mean square needs their
 * moments up to the fourth, which the uniform's cumulants give exactly. The Monte Carlo this
 * replaces (2·10⁷ draws, ≈ 65 ms of every training process) only estimated the same number.
 */

/** How many group sums a polynomial ranges over. */
const GROUPS = 4
/** Exponents are packed base 5 into a key: degree at most 4 in each sum, all E[e²] of a quadratic e needs. */
const BASE = 5

/** A polynomial in Z_0 … Z_3: packed exponents → coefficient. */
export type Poly = Map<number, number>

/** c + Σ_g coefs[g]·Z_g */
export function linear(c: number, coefs: readonly number[]): Poly {
  const p: Poly = new Map()
  if (c !== 0) p.set(0, c)
  coefs.forEach((k, g) => {
    if (k !== 0) p.set(BASE ** g, k)
  })
  return p
}

/** p + s·q */
export function plus(p: Poly, q: Poly, s = 1): Poly {
  const out = new Map(p)
  for (const [key, c] of q) out.set(key, (out.get(key) ?? 0) + s * c)
  return out
}

export function times(p: Poly, q: Poly): Poly {
  const out: Poly = new Map()
  for (const [kp, cp] of p)
    for (const [kq, cq] of q) {
      if (!addable(kp, kq)) throw new Error('a product of degree above 4 in one group sum: its moment is not kept')
      out.set(kp + kq, (out.get(kp + kq) ?? 0) + cp * cq)
    }
  return out
}

function addable(kp: number, kq: number): boolean {
  for (let g = 0; g < GROUPS; g++, kp = Math.floor(kp / BASE), kq = Math.floor(kq / BASE))
    if ((kp % BASE) + (kq % BASE) >= BASE) return false
  return true
}

/**
 * E[Z^k] for k = 0…4 of Z = S − E[S], S the sum of `count` i.i.d. U[lo, hi]. Cumulants add over a
 * sum: κ₂ = count·w²/12, κ₃ = 0 (the uniform is symmetric), κ₄ = −count·w⁴/120; the centred
 * moments are then E[Z²] = κ₂, E[Z³] = κ₃, E[Z⁴] = κ₄ + 3κ₂².
 */
export function centredMoments(count: number, lo: number, hi: number): number[] {
  const w = hi - lo
  const k2 = (count * w * w) / 12
  const k4 = -(count * w ** 4) / 120
  return [1, 0, k2, 0, k4 + 3 * k2 * k2]
}

/** E[p(Z)] for independent Z_g with moments[g][k] = E[Z_g^k]. */
export function expectation(p: Poly, moments: readonly (readonly number[])[]): number {
  let sum = 0
  for (const [key, c] of p) {
    let term = c
    for (let g = 0, k = key; g < GROUPS; g++, k = Math.floor(k / BASE)) term *= moments[g][k % BASE]
    sum += term
  }
  return sum
}
