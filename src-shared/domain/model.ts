import { z } from 'zod'

/** Specs stored before the schedule counted iterations too said startEpoch/endEpoch. */
function legacySchedule(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v
  const { startEpoch, endEpoch, ...rest } = v as Record<string, unknown>
  if (startEpoch === undefined && endEpoch === undefined) return v
  return { ...rest, ...(startEpoch !== undefined && { start: startEpoch }), ...(endEpoch !== undefined && { end: endEpoch }) }
}

/**
 * Linear sparsity-regulariser schedule of Madsen & Johansen: λ(t) = λ̂·clamp((t − start)/(end − start), 0, 1),
 * with t counted in the training's steps (epochs, or iterations for the 'iterations' schedule).
 */
export const SparsitySchedule = z.preprocess(
  legacySchedule,
  z
    .object({
      lambda: z.number().finite().min(0).default(10),
      start: z.number().int().min(0).default(20),
      end: z.number().int().min(0).default(40)
    })
    .strict()
    .refine((s) => s.end >= s.start, { message: 'the regulariser must not reach full strength before it starts' })
)

const eps = z.number().finite().gt(0).max(1).default(1e-7)

/** One unit kind, each with the options of its paper. `.strict()` refuses unknown options. */
export const UnitSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vanilla') }).strict(),
  z.object({ kind: z.literal('linear') }).strict(),
  z.object({ kind: z.literal('mlp'), hidden: z.number().int().min(1).max(4096).default(64) }).strict(),
  z.object({ kind: z.literal('nac') }).strict(),
  z
    .object({
      kind: z.literal('nalu'),
      /** paper: one NAC shared by both paths and gate σ(Gx); article: two separate NACs (still σ-gated). */
      variant: z.enum(['paper', 'article']).default('paper'),
      eps
    })
    .strict(),
  z.object({ kind: z.literal('nau'), sparsity: SparsitySchedule.default({ lambda: 10, start: 20, end: 40 }) }).strict(),
  z.object({ kind: z.literal('nmu'), sparsity: SparsitySchedule.default({ lambda: 10, start: 20, end: 40 }) }).strict(),
  z
    .object({
      kind: z.literal('inalu'),
      eps,
      /** clip of the log-path pre-activation before exp (Schlör et al.: ω = 20) */
      omega: z.number().finite().gt(0).default(20)
    })
    .strict(),
  z.object({ kind: z.literal('npu'), eps }).strict(),
  z.object({ kind: z.literal('realnpu'), eps }).strict()
])
export type UnitSpec = z.infer<typeof UnitSpec>
export type UnitKind = UnitSpec['kind']
export const UNIT_KINDS = [
  'vanilla', 'linear', 'mlp', 'nac', 'nalu', 'nau', 'nmu', 'inalu', 'npu', 'realnpu'
] as const satisfies readonly UnitKind[]

/** A model is one unit, or two in sequence joined by a hidden layer of `hidden` units (e.g. NAU → NMU). */
export const ModelSpec = z
  .object({
    units: z.array(UnitSpec).min(1).max(2),
    hidden: z.number().int().min(1).max(4096).default(2)
  })
  .strict()
export type ModelSpec = z.infer<typeof ModelSpec>

/** A short stable label, e.g. "nalu", "nalu(article)", "nau→nmu". */
export function modelLabel(m: ModelSpec): string {
  return m.units
    .map((u) => (u.kind === 'nalu' && u.variant === 'article' ? 'nalu(article)' : u.kind))
    .join('→')
}
