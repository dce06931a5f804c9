import type { Slice } from './batches'

/**
 * How one path computes what the training loop needs. The loop, the optimiser, the regulariser
 * and the Float64 master parameters are shared, so the fused and the tfjs path differ only here.
 */
export interface Engine {
  /** Loss of one training batch; leaves dLoss/dθ in the params' grads (zeroed first). */
  lossAndGrad(batch: Slice): number
  /** Adds each output's squared error over the slices into acc. */
  squaredErrors(set: Slice[], acc: Float64Array): void
  /**
   * squaredErrors that also adds, per gated unit, its gate values summed over the rows into
   * `gates[unit]` (null for a unit without gates): what the final weights' mean gates need, taken
   * from the evaluation's own forward pass. Absent where the units' forward does not run (stack kernels, tfjs).
   */
  squaredErrorsAndGates?(set: Slice[], acc: Float64Array, gates: (Float64Array | null)[]): void
  /**
   * A batch's input rows are read only through the kernels' products (the fused engine of a model
   * whose first unit says so: Unit.rowsThroughKernels); absent: JS reads them (the stack engines
   * copy them into their own memory).
   */
  readonly rowsThroughKernels?: boolean
  /** The params changed: refresh derived weights / copy them to the backend. */
  sync(): void
  dispose(): void
}
