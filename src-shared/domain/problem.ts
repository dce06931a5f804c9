import { z } from 'zod'

/** The four binary operations of the mystery arithmetic problem. */
export const Op = z.enum(['add', 'sub', 'mul', 'div'])
export type Op = z.infer<typeof Op>
export const OP_SYMBOL: Record<Op, string> = { add: '+', sub: '−', mul: '×', div: '÷' }

const finite = z.number().finite()

export const Range = z
  .object({ lo: finite, hi: finite })
  .strict()
  .refine((r) => r.hi > r.lo, { message: 'range is empty or inverted (hi must be greater than lo)' })
export type Range = z.infer<typeof Range>

export const DataSet = z
  .object({
    size: z.number().int().min(1).max(1_000_000),
    range: Range
  })
  .strict()
export type DataSet = z.infer<typeof DataSet>

/**
 * Division guard: denominators with |x| below `divGuard` are resampled from the same range, so a
 * ÷ output is never ±Infinity. 0 turns the guard off (the run then may diverge, as it should).
 */
const datasets = {
  train: DataSet,
  interp: DataSet,
  extrap: DataSet,
  divGuard: z.number().finite().min(0).default(0.1)
}

/** The article's problem: each output is x_i op x_j for a seeded random pair and op. Like every
 * part of a spec, `.strict()`: a misspelt option is refused, not dropped with the default kept. */
export const MysteryProblem = z
  .object({
    kind: z.literal('mystery'),
    inDim: z.number().int().min(2, 'needs at least two inputs').max(10_000),
    outDim: z.number().int().min(1).max(1_000),
    ops: z
      .array(Op)
      .min(1, 'choose at least one operation')
      .refine((a) => new Set(a).size === a.length, {
        message: 'operations must not repeat'
      }),
    ...datasets
  })
  .strict()
export type MysteryProblem = z.infer<typeof MysteryProblem>

/** Madsen & Johansen (ICLR 2020): a, b are sums over two overlapping subsets of x; target a op b. */
export const ArithmeticProblem = z
  .object({
    kind: z.literal('arithmetic'),
    op: Op,
    inDim: z.number().int().min(2, 'needs at least two inputs').max(10_000).default(100),
    subsetRatio: z.number().gt(0).max(0.5).default(0.25),
    overlapRatio: z.number().min(0).max(1).default(0.5),
    ...datasets
  })
  .strict()
export type ArithmeticProblem = z.infer<typeof ArithmeticProblem>

export const ProblemSpec = z.discriminatedUnion('kind', [MysteryProblem, ArithmeticProblem])
export type ProblemSpec = z.infer<typeof ProblemSpec>

/** What the seeded generator drew: stored with every run so the UI can draw it beside the weights. */
export const Pair = z.object({ i: z.number().int().min(0), j: z.number().int().min(0), op: Op })
export type Pair = z.infer<typeof Pair>
export const GeneratedConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pairs'), inDim: z.number().int(), outputs: z.array(Pair) }),
  z.object({
    kind: z.literal('subsets'),
    inDim: z.number().int(),
    op: Op,
    /** half-open index ranges [start, end) of the two summed subsets */
    a: z.tuple([z.number().int(), z.number().int()]),
    b: z.tuple([z.number().int(), z.number().int()])
  })
])
export type GeneratedConfig = z.infer<typeof GeneratedConfig>
