import type { Engine } from './engine'
import type { EpochBatches } from './sampler'

/** What one pass over an epoch's batches adds up: Σ loss·rows and the rows, for the epoch's mean loss. */
export interface EpochSums {
  sum: number
  rows: number
}

/**
 * One epoch's training steps: every batch's loss and gradient, then `step` (regulariser, optimiser,
 * sync). Returns null, or the first batch loss that is NaN or ±Infinity (the pass stops there).
 *
 * Why a function of its own rather than the loop inside `train`: V8 optimises whichever function holds
 * the hot loop, inlining what the loop calls. With the batch loop inside the async `train`, TurboFan
 * compiled all of `train` with the model's forward and backward inlined (the largest compile of a
 * training process), then threw it away when the run ended (code after the loop had never run) and
 * compiled it again for the next model. Here the loop's function is small and ends with the epoch,
 * and `train`, looping over 250 epochs with an await each, stays in the interpreter and baseline code.
 */
export function epochPass(
  batches: EpochBatches,
  engine: Engine,
  step: (epoch: number) => void,
  epoch: number,
  out: EpochSums
): number | null {
  let sum = 0,
    rows = 0
  for (let b = 0; b < batches.count; b++) {
    const batch = batches.batch(b)
    const loss = engine.lossAndGrad(batch)
    if (!Number.isFinite(loss)) return loss
    sum += loss * batch.n
    rows += batch.n
    step(epoch)
  }
  out.sum = sum
  out.rows = rows
  return null
}
