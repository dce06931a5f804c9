import type { GeneratedConfig, LearnedWeights, Matrix, ModelSpec } from '../domain'
import { OP_SYMBOL } from '../domain/problem'
import { addLinear, linearExpr, productExpr, productOf, sameExpr, single, sumOf, type Expr, type Linear } from './expr'
import { formatExpr, inputOrder } from './format'

/**
 * The formula a model learned, read off its weights: each weight rounded to {−1, 0, 1} ({0, 1}
 * for the NMU), a NALU's mean gate to its add (1) or multiply (0) path, and compared with the
 * true configuration. A reading is clean when no weight it uses lies further than CLEAN_TOLERANCE
 * from its rounded value; otherwise there is no clean formula, whatever the rounding says.
 */
export const CLEAN_TOLERANCE = 0.1

export type Match = 'equal' | 'differs' | 'unclear' | 'unreadable'

export interface OutputFormula {
  output: string
  /** the rounded reading (also when unclear, for a look), null when the model has no reading */
  learned: string | null
  truth: string
  match: Match
  /** the largest distance of a used weight (or gate) from its rounded value */
  distance: number | null
  /** for gated units: the path each output's gate chose, with the gate's mean value */
  path?: { kind: 'add' | 'mul'; gate: number }
  note?: string
}

type Read = { e: Expr; distance: number; path?: OutputFormula['path'] }
type UnitSpec = ModelSpec['units'][number]

/** Rounds a matrix row: the rounded coefficients and the largest distance from them. */
function readRow(m: Matrix, row: number, lo: number): { lin: Linear; distance: number } {
  const lin: Linear = new Map()
  let distance = 0
  for (let c = 0; c < m.cols; c++) {
    const w = m.data[row * m.cols + c]
    const r = Math.max(lo, Math.min(1, Math.round(w)))
    distance = Math.max(distance, Number.isFinite(w) ? Math.abs(w - r) : Infinity)
    if (r !== 0) lin.set(c, r)
  }
  return { lin, distance }
}

const byName = (ms: Matrix[], prefix: string): Matrix => ms.find((m) => m.name.startsWith(prefix)) ?? ms[0]
const additive = (r: { lin: Linear; distance: number }): Read => ({ e: linearExpr(r.lin), distance: r.distance })
const multiplicative = (r: { lin: Linear; distance: number }): Read => ({
  e: productExpr([...r.lin].map(([i, p]) => ({ lin: single(i), power: p }))),
  distance: r.distance
})

/** One unit's reading of each of its outputs over its inputs, or why it has none. */
export function readUnit(spec: UnitSpec, unit: LearnedWeights['units'][number]): Read[] | string {
  const ms = unit.matrices
  const rows = ms[0]?.rows ?? 0
  const each = (f: (o: number) => Read): Read[] => Array.from({ length: rows }, (_, o) => f(o))
  switch (spec.kind) {
    case 'nac':
      return each((o) => (spec.op === 'mul' ? multiplicative : additive)(readRow(ms[0], o, -1)))
    case 'nau':
      return each((o) => additive(readRow(ms[0], o, -1)))
    case 'nmu':
      return each((o) => multiplicative(readRow(ms[0], o, 0)))
    case 'linear':
      return each((o) => {
        const r = additive(readRow(ms[0], o, -1))
        const b = ms[1]?.data[o] ?? 0
        return { e: r.e, distance: Math.max(r.distance, Math.abs(b)) }
      })
    case 'nalu':
    case 'inalu': {
      const gates = unit.gates
      if (!gates) return 'no gate values are stored for this unit'
      const paper = spec.kind === 'nalu' && spec.variant === 'paper'
      const wa = paper ? ms[0] : byName(ms, 'W_a')
      const wm = paper ? ms[0] : byName(ms, 'W_m')
      return each((o) => {
        const g = gates[o]
        const add = g >= 0.5
        const r = (add ? additive : multiplicative)(readRow(add ? wa : wm, o, -1))
        return {
          e: r.e,
          distance: Math.max(r.distance, Math.min(Math.abs(g), Math.abs(1 - g))),
          path: { kind: add ? 'add' : 'mul', gate: g }
        }
      })
    }
    default:
      return `a ${spec.kind} unit has no weights that round to a formula`
  }
}

/** The true expression of each output, over the inputs. */
export function trueExprs(config: GeneratedConfig): Expr[] {
  if (config.kind === 'pairs') {
    return config.outputs.map((p) => {
      const second = p.op === 'sub' || p.op === 'div' ? -1 : 1
      if (p.op === 'add' || p.op === 'sub')
        return [
          { c: 1, factors: [{ lin: single(p.i), power: 1 }] },
          { c: second, factors: [{ lin: single(p.j), power: 1 }] }
        ]
      return productExpr([
        { lin: single(p.i), power: 1 },
        { lin: single(p.j), power: second }
      ])
    })
  }
  const range = ([s, e]: readonly [number, number]): Linear => new Map(Array.from({ length: e - s }, (_, k) => [s + k, 1]))
  const A = range(config.a),
    B = range(config.b)
  const second = config.op === 'sub' || config.op === 'div' ? -1 : 1
  if (config.op === 'add' || config.op === 'sub') return [linearExpr(addLinear(addLinear(new Map(), A, 1), B, second))]
  return [
    productExpr([
      { lin: A, power: 1 },
      { lin: B, power: second }
    ])
  ]
}

/** The truth as the per-output table writes it (`x84 − x91`), or the subsets spelled out. */
function truthText(config: GeneratedConfig, k: number, e: Expr): string {
  if (config.kind === 'pairs') {
    const p = config.outputs[k]
    return `x${p.i} ${OP_SYMBOL[p.op]} x${p.j}`
  }
  const r = ([s, t]: readonly [number, number]) => `(Σ x${s}…x${t - 1})`
  return config.op === 'add' || config.op === 'sub' ? formatExpr(e) : `${r(config.a)} ${OP_SYMBOL[config.op]} ${r(config.b)}`
}

/** The model's reading of each output (one unit, or two joined by a hidden layer) over the inputs. */
function readModel(modelSpec: ModelSpec, weights: LearnedWeights): Read[] | string {
  const reads = modelSpec.units.map((u, i) => (weights.units[i] ? readUnit(u, weights.units[i]) : 'no weights are stored for this unit'))
  for (const r of reads) if (typeof r === 'string') return r
  const [first, second] = reads as Read[][]
  if (!second) return first
  const spec = modelSpec.units[1]
  return second.map((out) => {
    const gated = out.path
    const mul = gated ? gated.kind === 'mul' : spec.kind === 'nmu' || (spec.kind === 'nac' && spec.op === 'mul')
    // the output's rounded coefficients over the hidden values, then each hidden value's formula substituted
    const over = new Map<number, number>()
    for (const t of out.e) for (const f of t.factors) for (const [h] of f.lin) over.set(h, mul ? f.power : t.c)
    const used = [...over.keys()]
    const distance = Math.max(out.distance, ...used.map((h) => first[h].distance))
    const e = mul ? productOf(over, (h) => first[h].e) : sumOf(over, (h) => first[h].e)
    return { e: e ?? [], distance: e ? distance : Infinity, path: gated }
  })
}

/** One row per output: the learned formula, the true one, and whether they are equal. */
export function learnedFormulas(modelSpec: ModelSpec, weights: LearnedWeights | null, config: GeneratedConfig): OutputFormula[] {
  const truths = trueExprs(config)
  const reads = weights ? readModel(modelSpec, weights) : 'no weights are stored for this run yet'
  return truths.map((t, k) => {
    const truth = truthText(config, k, t)
    const output = config.kind === 'pairs' ? `y${k}` : 'y'
    if (typeof reads === 'string') return { output, learned: null, truth, match: 'unreadable', distance: null, note: reads }
    const r = reads[k]
    if (!r)
      return { output, learned: null, truth, match: 'unreadable', distance: null, note: 'the model has fewer outputs than the problem' }
    const clean = r.distance <= CLEAN_TOLERANCE
    const equal = sameExpr(r.e, t)
    const learned = formatExpr(r.e, equal ? inputOrder(t) : undefined)
    return { output, learned, truth, match: !clean ? 'unclear' : equal ? 'equal' : 'differs', distance: r.distance, path: r.path }
  })
}

/** How many outputs a model recovered exactly (clean and equal to the truth). */
export function recoveredCount(rows: readonly OutputFormula[]): number {
  return rows.filter((r) => r.match === 'equal').length
}
