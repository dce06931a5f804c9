import type { Optimizer } from '@shared/domain'
import { adoptForAdam } from './kernels/adamWasm'
import type { Param } from './models/types'

export interface Optimiser {
  /** One update from the params' grads (PyTorch's formulas), then clamps bounded params. */
  step(): void
}

/**
 * Creates the optimiser with one state slot per parameter element. With `simd`, Adam runs as one
 * WebAssembly SIMD loop over all parameters (moved into its memory; same numbers to the bit);
 * `quotient32` (the Float32 path) takes its update's quotient in float32 (adamWasm.ts).
 */
export function createOptimiser(spec: Optimizer, params: Param[], simd = false, quotient32 = false): Optimiser {
  const slots = () => params.map((p) => new Float64Array(p.value.length))
  let update: (p: Param, i: number) => void
  switch (spec.kind) {
    case 'adam': {
      const { lr, beta1, beta2, epsilon } = spec
      let t = 0
      const wasm = simd ? adoptForAdam(params, quotient32) : null
      if (wasm) {
        return {
          step() {
            t++
            wasm(beta1, beta2, lr / (1 - beta1 ** t), 1 / Math.sqrt(1 - beta2 ** t), epsilon)
            clamp(params)
          }
        }
      }
      const m = slots(),
        v = slots()
      return {
        step() {
          t++
          const stepSize = lr / (1 - beta1 ** t)
          const c2 = 1 / Math.sqrt(1 - beta2 ** t)
          for (let k = 0; k < params.length; k++) adam(params[k].value, params[k].grad, m[k], v[k], beta1, beta2, stepSize, c2, epsilon)
          clamp(params)
        }
      }
    }
    case 'sgd': {
      const buf = slots()
      let first = true
      update = (p, k) => {
        const b = buf[k],
          w = p.value,
          g = p.grad
        for (let i = 0; i < w.length; i++) {
          b[i] = spec.momentum > 0 && !first ? spec.momentum * b[i] + g[i] : g[i]
          w[i] -= spec.lr * b[i]
        }
      }
      return {
        step() {
          params.forEach(update)
          first = false
          clamp(params)
        }
      }
    }
    case 'rmsprop': {
      const sq = slots()
      update = (p, k) => {
        const s = sq[k],
          w = p.value,
          g = p.grad
        for (let i = 0; i < w.length; i++) {
          s[i] = spec.decay * s[i] + (1 - spec.decay) * g[i] * g[i]
          w[i] -= (spec.lr * g[i]) / (Math.sqrt(s[i]) + spec.epsilon)
        }
      }
      return {
        step() {
          params.forEach(update)
          clamp(params)
        }
      }
    }
  }
}

/** PyTorch's Adam update: w −= stepSize·m / (√v·c2 + ε), with c2 = 1/√(1 − β₂ᵗ). */
function adam(
  w: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  b1: number,
  b2: number,
  stepSize: number,
  c2: number,
  eps: number
): void {
  const a1 = 1 - b1,
    a2 = 1 - b2
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]
    const mi = b1 * m[i] + a1 * gi
    const vi = b2 * v[i] + a2 * gi * gi
    m[i] = mi
    v[i] = vi
    w[i] -= (stepSize * mi) / (Math.sqrt(vi) * c2 + eps)
  }
}

function clamp(params: Param[]): void {
  for (const p of params) {
    if (p.min === undefined && p.max === undefined) continue
    const lo = p.min ?? -Infinity,
      hi = p.max ?? Infinity
    const w = p.value
    for (let i = 0; i < w.length; i++) w[i] = w[i] < lo ? lo : w[i] > hi ? hi : w[i]
  }
}

/** Scales all grads so their global L2 norm is at most `max` (torch.nn.utils.clip_grad_norm_). */
export function clipGradNorm(params: Param[], max: number): number {
  let sum = 0
  for (const p of params) for (let i = 0; i < p.grad.length; i++) sum += p.grad[i] * p.grad[i]
  const norm = Math.sqrt(sum)
  if (norm > max) {
    const scale = max / (norm + 1e-6)
    for (const p of params) for (let i = 0; i < p.grad.length; i++) p.grad[i] *= scale
  }
  return norm
}
