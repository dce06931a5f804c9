import type { Rng } from '../rng'
import type { Param } from './types'

/** Glorot/Xavier normal: N(0, 2 / (fan_in + fan_out)), as torch.nn.init.xavier_normal_. */
export function xavierNormal(p: Param, rng: Rng, fanIn: number, fanOut: number): void {
  const std = Math.sqrt(2 / (fanIn + fanOut))
  for (let i = 0; i < p.value.length; i++) p.value[i] = std * rng.normal()
}

/** Glorot/Xavier uniform: U(−√(6 / (fan_in + fan_out)), +…). */
export function xavierUniform(p: Param, rng: Rng, fanIn: number, fanOut: number): void {
  uniform(p, rng, -Math.sqrt(6 / (fanIn + fanOut)), Math.sqrt(6 / (fanIn + fanOut)))
}

export function uniform(p: Param, rng: Rng, lo: number, hi: number): void {
  for (let i = 0; i < p.value.length; i++) p.value[i] = rng.uniform(lo, hi)
}

export function normal(p: Param, rng: Rng, mean: number, std: number): void {
  for (let i = 0; i < p.value.length; i++) p.value[i] = mean + std * rng.normal()
}

export function constant(p: Param, v: number): void {
  p.value.fill(v)
}

/** Var(tanh(ŵ)·σ(m̂)) for ŵ, m̂ ~ U[−r, r] independent (stable-nalu layer/nac.py, nac_w_variance). */
export function nacWeightVariance(r: number): number {
  if (r === 0) return 0
  return (1 - Math.tanh(r) / r) * (r - Math.tanh(r / 2)) * (1 / (2 * r))
}

/**
 * Madsen & Johansen's NAC initialisation: the r of U[−r, r] for Ŵ and M̂ solving
 * fan·Var(tanh(ŵ)σ(m̂)) = 2 with fan = max(fan_in + fan_out, 5), by bisection on [0, 10] as their
 * code (scipy.optimize.bisect); the variance rises monotonically in r.
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
