import type { GeneratedConfig, Op } from '@shared/domain'

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

/** The true outputs for rows of x (n × inDim) into y (n × outDim). */
export function computeTargets(config: GeneratedConfig, x: Float64Array, n: number, y: Float64Array): void {
  const d = config.inDim
  if (config.kind === 'pairs') {
    const m = config.outputs.length
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < m; k++) {
        const { i, j, op } = config.outputs[k]
        y[r * m + k] = apply(op, x[r * d + i], x[r * d + j])
      }
    }
    return
  }
  const [a0, a1] = config.a,
    [b0, b1] = config.b
  const op = config.op
  for (let r = 0; r < n; r++) {
    const row = r * d
    // both sums in one loop, each split over even and odd positions: four independent add chains
    // (the sampler's hot path; a fixed order, so the same targets every time)
    const both = Math.min(a1 - a0, b1 - b0)
    const pa = row + a0,
      pb = row + b0
    let ae = 0,
      ao = 0,
      be = 0,
      bo = 0,
      k = 0
    for (; k + 1 < both; k += 2) {
      ae += x[pa + k]
      ao += x[pa + k + 1]
      be += x[pb + k]
      bo += x[pb + k + 1]
    }
    for (; k < both; k++) {
      ae += x[pa + k]
      be += x[pb + k]
    }
    for (let i = pa + both; i < row + a1; i++) ae += x[i]
    for (let i = pb + both; i < row + b1; i++) be += x[i]
    const a = ae + ao,
      b = be + bo
    y[r] = op === 'add' ? a + b : op === 'sub' ? a - b : op === 'mul' ? a * b : a / b
  }
}
