import type { Param } from './types'

/**
 * Madsen & Johansen's sparsity regulariser R = mean(min(|W|, 1 − |W|)), pulling every weight to
 * the nearest of {−1, 0, 1}. Adds weight·∂R/∂W to the grads and returns R.
 */
export function sparsity(p: Param, weight: number): number {
  const w = p.value,
    g = p.grad
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

/**
 * λ at step t (epoch or iteration): λ̂·clamp((t − start)/(end − start), 0, 1), as the official loop's
 * r_w_scale (experiments/simple_function_static.py); start = end switches it on at once.
 */
export function sparsityWeight(s: { lambda: number; start: number; end: number }, t: number): number {
  if (t < s.start) return 0
  if (t >= s.end) return s.lambda
  return (s.lambda * (t - s.start)) / (s.end - s.start)
}
