import type { Param } from './types'

/**
 * Madsen & Johansen's sparsity regulariser R = mean(min(|W|, 1 − |W|)), pulling every weight to
 * the nearest of {−1, 0, 1}. Adds weight·∂R/∂W to the grads and returns R.
 */
export function sparsity(p: Param, weight: number): number {
  const w = p.value, g = p.grad
  const scale = weight / w.length
  let sum = 0
  for (let i = 0; i < w.length; i++) {
    const a = Math.abs(w[i])
    // sign(0) = 0 as in PyTorch: a weight at exactly 0 (or ±1) stays where the clamp put it
    const sign = Math.sign(w[i])
    if (a <= 1 - a) {
      sum += a
      g[i] += scale * sign
    } else {
      sum += 1 - a
      g[i] -= scale * sign
    }
  }
  return sum / w.length
}

/** λ at an epoch: 0 before `start`, rising linearly to λ̂ at `end`, λ̂ after. */
export function sparsityWeight(s: { lambda: number; start: number; end: number }, epoch: number): number {
  if (epoch < s.start) return 0
  if (epoch >= s.end) return s.lambda
  return (s.lambda * (epoch - s.start)) / (s.end - s.start)
}
