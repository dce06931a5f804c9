import type { ModelSpec, TrainingSpec } from '@shared/domain'

/**
 * Multiply-adds in one batch's first product (batch × inputs × the first unit's outputs) from which
 * precision 'auto' takes the Float32 path. From there the products are most of a step and float32
 * halves their time (bench/engineLarge.ts: 1000 inputs × 50 outputs × batch 128 is 6.4 million);
 * below it the run keeps Float64 and its bits: the article preset (100 × 10 × 32, 32,000) and
 * every paper preset stay exactly as they were.
 */
export const AUTO_FLOAT32_MACS = 1 << 20

export interface PrecisionChoice {
  precision: 'float64' | 'float32'
  /** why, for a bench or a log: what was asked and, for 'auto', the size it judged */
  why: string
}

/** The precision a run of `model` trains in: absent means float64 (specs from before the field). */
export function resolvePrecision(
  training: Pick<TrainingSpec, 'precision' | 'batchSize'>,
  model: Pick<ModelSpec, 'units' | 'hidden'>,
  inDim: number,
  outDim: number
): PrecisionChoice {
  const asked = training.precision ?? 'float64'
  if (asked !== 'auto') return { precision: asked, why: training.precision ? `asked for ${asked}` : 'float64: no precision in the spec' }
  const first = model.units[0]
  const out = first.kind === 'mlp' ? first.hidden : model.units.length > 1 ? model.hidden : outDim
  const macs = training.batchSize * inDim * out
  const size = `${training.batchSize} × ${inDim} × ${out} = ${macs.toLocaleString('en')} multiply-adds per batch in the first product`
  return macs >= AUTO_FLOAT32_MACS
    ? { precision: 'float32', why: `auto: ${size} ≥ ${AUTO_FLOAT32_MACS.toLocaleString('en')}, so float32` }
    : { precision: 'float64', why: `auto: ${size} < ${AUTO_FLOAT32_MACS.toLocaleString('en')}, so float64` }
}
