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

/**
 * How a NAC's Ŵ and M̂ start. 'glorot': N(0, 2/(in+out)), the article's code (xavier_normal_);
 * 'madsen': U[−r, r] with r solving fan·Var(tanh(ŵ)σ(m̂)) = 2, fan = max(in+out, 5), as
 * Madsen & Johansen's code (stable-nalu layer/nac.py), whose NALU also starts G Glorot-uniform.
 */
export const NacInit = z.enum(['glorot', 'madsen'])
export type NacInit = z.infer<typeof NacInit>

/** One unit kind, each with the options of its paper. `.strict()` refuses unknown options. */
export const UnitSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('vanilla') }).strict(),
  z.object({ kind: z.literal('linear') }).strict(),
  z.object({ kind: z.literal('mlp'), hidden: z.number().int().min(1).max(4096).default(64) }).strict(),
  z
    .object({
      kind: z.literal('nac'),
      /** 'add': NAC+, y = W·x; 'mul': NAC•, y = exp(W·log(|x| + ε)) (Trask et al.; Madsen & Johansen's NAC•) */
      op: z.enum(['add', 'mul']).default('add'),
      init: NacInit.default('glorot'),
      eps
    })
    .strict(),
  z
    .object({
      kind: z.literal('nalu'),
      /** paper: one NAC shared by both paths and gate σ(Gx); article: two separate NACs (still σ-gated). */
      variant: z.enum(['paper', 'article']).default('paper'),
      init: NacInit.default('glorot'),
      eps
    })
    .strict(),
  z.object({ kind: z.literal('nau'), sparsity: SparsitySchedule.default({ lambda: 10, start: 20, end: 40 }) }).strict(),
  z.object({ kind: z.literal('nmu'), sparsity: SparsitySchedule.default({ lambda: 10, start: 20, end: 40 }) }).strict(),
  z
    .object({
      kind: z.literal('inalu'),
      /**
       * Only the reduced form is implemented: Schlör et al.'s forward pass and initialisation, without
       * their regulariser, re-initialisation, gradient clipping and alternating updates. Its runs say
       * so in their label, "inalu(reduced)".
       */
      variant: z.enum(['reduced']).default('reduced'),
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
  'vanilla',
  'linear',
  'mlp',
  'nac',
  'nalu',
  'nau',
  'nmu',
  'inalu',
  'npu',
  'realnpu'
] as const satisfies readonly UnitKind[]

/** A model is one unit, or two in sequence joined by a hidden layer of `hidden` units (e.g. NAU → NMU). */
export const ModelSpec = z
  .object({
    units: z.array(UnitSpec).min(1).max(2),
    hidden: z.number().int().min(1).max(4096).default(2)
  })
  .strict()
export type ModelSpec = z.infer<typeof ModelSpec>

/** A short stable label, e.g. "nalu", "nalu(article)", "nau→nmu", "nac→nac•" (NAC•: the NAC in log space), "inalu(reduced)". */
export function modelLabel(m: ModelSpec): string {
  return m.units
    .map((u) => {
      if (u.kind === 'nalu' && u.variant === 'article') return 'nalu(article)'
      if (u.kind === 'inalu') return 'inalu(reduced)'
      return u.kind === 'nac' && u.op === 'mul' ? 'nac•' : u.kind
    })
    .join('→')
}
