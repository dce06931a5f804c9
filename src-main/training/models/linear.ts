import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { denseUnit } from './dense'
import type { Unit } from './types'

/** A plain affine layer y = W·x + b, torch.nn.Linear's initialisation. */
export function createLinear(inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  return denseUnit('linear', inDim, outDim, rng, K)
}
