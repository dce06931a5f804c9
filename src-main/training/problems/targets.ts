import type { GeneratedConfig, Op } from '../../../src-shared/domain'

function apply(op: Op, a: number, b: number): number {
  switch (op) {
    case 'add':
      return a + b
    case 'sub':
      return a - b
    case 'mul':
      return a * b
    case 'div':
      return a / b
  }
}

export function outDimOf(config: GeneratedConfig): number {
  return config.kind === 'pairs' ? config.outputs.length : 1
}

function subsetSum(x: Float64Array, row: number, range: readonly [number, number]): number {
  let s = 0
  for (let i = row + range[0]; i < row + range[1]; i++) s += x[i]
  return s
}

/**
 * The true outputs for rows of x (n × inDim) into y (n × outDim). With `eps` > 0 it computes the
 * ε-perfect solution instead: every operand off by a relative ε (the divisor by −ε, so a quotient
 * does not cancel it), the reference Madsen & Johansen's success criterion measures against.
 */
export function computeTargets(config: GeneratedConfig, x: Float64Array, n: number, y: Float64Array, eps = 0): void {
  const d = config.inDim
  const up = 1 + eps
  if (config.kind === 'pairs') {
    const m = config.outputs.length
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < m; k++) {
        const { i, j, op } = config.outputs[k]
        const b = x[r * d + j] * (op === 'div' ? 1 - eps : up)
        y[r * m + k] = apply(op, x[r * d + i] * up, b)
      }
    }
    return
  }
  for (let r = 0; r < n; r++) {
    const a = subsetSum(x, r * d, config.a) * up
    const b = subsetSum(x, r * d, config.b) * (config.op === 'div' ? 1 - eps : up)
    y[r] = apply(config.op, a, b)
  }
}

/** Per output: the extrapolation MSE of the ε-perfect solution, below which an output succeeded. */
export function successThresholds(config: GeneratedConfig, x: Float64Array, n: number, eps: number): number[] {
  const m = outDimOf(config)
  const exact = new Float64Array(n * m)
  const near = new Float64Array(n * m)
  computeTargets(config, x, n, exact)
  computeTargets(config, x, n, near, eps)
  const out = new Array<number>(m).fill(0)
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < m; k++) {
      const e = near[r * m + k] - exact[r * m + k]
      out[k] += e * e
    }
  }
  return out.map((s) => s / n)
}
