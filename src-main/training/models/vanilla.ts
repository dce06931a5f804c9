import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { denseUnit } from './dense'
import type { Unit } from './types'

/** The article's baseline: one Linear layer followed by ReLU, torch.nn.Linear's initialisation. */
export function createVanilla(inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  return denseUnit('vanilla', inDim, outDim, rng, K)
}
