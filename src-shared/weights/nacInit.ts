/**
 * Madsen & Johansen's NAC initialisation, shared by the engine (which draws Ŵ, M̂ with it) and the
 * weight histogram (which draws its prior from the same distribution).
 */

/** Var(tanh(ŵ)·σ(m̂)) for ŵ, m̂ ~ U[−r, r] independent (stable-nalu layer/nac.py, nac_w_variance). */
export function nacWeightVariance(r: number): number {
  if (r === 0) return 0
  return (1 - Math.tanh(r) / r) * (r - Math.tanh(r / 2)) * (1 / (2 * r))
}

/**
 * The r of U[−r, r] for Ŵ and M̂ solving fan·Var(tanh(ŵ)σ(m̂)) = 2 with fan = max(fan_in + fan_out, 5),
 * by bisection on [0, 10] as their code (scipy.optimize.bisect); the variance rises monotonically in r.
 */
export function nacOptimalR(fanIn: number, fanOut: number): number {
  const fan = Math.max(fanIn + fanOut, 5)
  let lo = 0,
    hi = 10
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2
    if (fan * nacWeightVariance(mid) - 2 < 0) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
