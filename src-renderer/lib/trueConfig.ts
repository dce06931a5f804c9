import { OP_SYMBOL, type GeneratedConfig, type Matrix } from '@shared/domain'

/**
 * The true configuration drawn in the same encoding as learned NAC-like weights: the weight an
 * ideal unit would put on each input. + and × use +1 on both operands (× in log space, as the
 * NALU's multiplicative path does); − and ÷ use +1 on the first and −1 on the second.
 */
export interface TruePattern {
  matrix: Matrix
  /** one label per matrix row */
  rowLabels: string[]
  /** one formula per model output */
  formulas: string[]
}

const SECOND_SIGN = { add: 1, sub: -1, mul: 1, div: -1 } as const

function rangeText([start, end]: readonly [number, number]): string {
  return `Σ x${start}…x${end - 1}`
}

export function truePattern(config: GeneratedConfig): TruePattern {
  const cols = config.inDim
  if (config.kind === 'pairs') {
    const rows = config.outputs.length
    const data = new Array<number>(rows * cols).fill(0)
    config.outputs.forEach((p, k) => {
      data[k * cols + p.i] += 1
      data[k * cols + p.j] += SECOND_SIGN[p.op]
    })
    const formulas = config.outputs.map((p) => `x${p.i} ${OP_SYMBOL[p.op]} x${p.j}`)
    return {
      matrix: { name: 'true configuration', rows, cols, data },
      rowLabels: formulas.map((f, k) => `y${k} = ${f}`),
      formulas
    }
  }
  const data = new Array<number>(2 * cols).fill(0)
  for (let c = config.a[0]; c < config.a[1]; c++) data[c] = 1
  for (let c = config.b[0]; c < config.b[1]; c++) data[cols + c] = 1
  return {
    matrix: { name: 'true configuration', rows: 2, cols, data },
    rowLabels: [`a = ${rangeText(config.a)}`, `b = ${rangeText(config.b)}`],
    formulas: [`a ${OP_SYMBOL[config.op]} b`]
  }
}

/** The n inputs a learned row leans on most, strongest first. */
export function strongestInputs(m: Matrix, row: number, n = 2): { index: number; weight: number }[] {
  const out: { index: number; weight: number }[] = []
  for (let c = 0; c < m.cols; c++) out.push({ index: c, weight: m.data[row * m.cols + c] })
  return out.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, n)
}
