import type { Op } from '../domain'

/**
 * Madsen & Johansen, "Neural Arithmetic Units", ICLR 2020: the success rates of the arithmetic
 * task, 100 seeds per row, 5·10⁶ iterations each, as printed in the paper's tables — the main-text
 * Table 2 (paper/results/function_task_static.tex) and its appendix version with every model
 * (paper/results/function_task_static_all.tex, Appendix C, "Comparison of all models") in
 * github.com/AndreasMadsen/stable-nalu. Copied from those files, nothing estimated: the percent,
 * the printed Wilson bounds (+/− whole percent), the median "solved at" iteration and the mean
 * sparsity error of the solved runs, null where the paper prints "---".
 */
export interface PaperRow {
  op: Op
  /** the model as the paper names it */
  paperModel: string
  /** our modelLabel of the same two-layer model, or null when this app has no such unit */
  model: string | null
  solved: number
  seeds: number
  /** the interval the paper prints, [+above, −below] in whole percent */
  ciPercent: [number, number]
  solvedAtMedian: number | null
  sparsityErrorMean: number | null
}

export const PAPER_CITATION = 'Madsen & Johansen, ICLR 2020, Table 2 and Appendix C (100 seeds, 5·10⁶ iterations)'

const MODELS: [paper: string, ours: string | null][] = [
  ['NAC•,NMU', null],
  ['NAC•,σ', null],
  ['NAC•', 'nac→nac•'],
  ['NAC+', 'nac→nac'],
  ['Gated NAU/NMU', null],
  ['Linear', 'linear→linear'],
  ['NALU', 'nalu→nalu'],
  ['NAU', 'nau→nau'],
  ['NMU', 'nau→nmu'],
  ['ReLU', null],
  ['ReLU6', null]
]

type Cell = [solved: number, plus: number, minus: number, solvedAt?: number, sparsity?: number]
const NONE: Cell = [0, 4, 0]

/** One row per model of MODELS, in that order, for each operation. */
const TABLE: Record<Op, Cell[]> = {
  mul: [
    [93, 4, 7, 1.8e6, 9.5e-7],
    [100, 0, 4, 2.5e6, 4.6e-5],
    [31, 10, 8, 2.8e6, 5.8e-4],
    NONE,
    NONE,
    NONE,
    NONE,
    NONE,
    [98, 1, 5, 1.4e6, 4.2e-7],
    NONE,
    NONE
  ],
  div: [NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE],
  add: [
    NONE,
    NONE,
    NONE,
    [100, 0, 4, 2.5e5, 2.3e-1],
    NONE,
    [100, 0, 4, 6.1e4, 2.5e-1],
    [14, 8, 5, 1.5e6, 1.7e-1],
    [100, 0, 4, 1.8e4, 3.2e-5],
    NONE,
    [62, 9, 10, 6.2e4, 2.5e-1],
    NONE
  ],
  sub: [
    NONE,
    NONE,
    NONE,
    [100, 0, 4, 9.0e3, 2.3e-1],
    NONE,
    [7, 7, 4, 3.3e6, 1.8e-1],
    [14, 8, 5, 1.9e6, 2.1e-1],
    [100, 0, 4, 5.0e3, 6.6e-2],
    [56, 9, 10, 1.0e6, 3.4e-4],
    NONE,
    NONE
  ]
}

export const PAPER_ARITHMETIC: readonly PaperRow[] = (Object.keys(TABLE) as Op[]).flatMap((op) =>
  TABLE[op].map(([solved, plus, minus, solvedAt, sparsity], i) => ({
    op,
    paperModel: MODELS[i][0],
    model: MODELS[i][1],
    solved,
    seeds: 100,
    ciPercent: [plus, minus] as [number, number],
    solvedAtMedian: solvedAt ?? null,
    sparsityErrorMean: sparsity ?? null
  }))
)

/**
 * The paper's row for a model of one of our `arithmetic-*` presets (the paper's task), or null:
 * other problems are not the paper's, and a model the paper did not run has no published rate.
 */
export function paperRate(preset: string | null, op: Op | null, model: string): PaperRow | null {
  if (!preset?.startsWith('arithmetic-') || op === null) return null
  return PAPER_ARITHMETIC.find((r) => r.op === op && r.model === model) ?? null
}
