import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { createNpuUnit } from './npuCore'
import type { Unit } from './types'

/** The RealNPU (Heim et al. 2020): the NPU without imaginary weights, exp(W·log r) ⊙ cos(π·W·k). */
export function createRealNpu(eps: number, inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  return createNpuUnit('realnpu', eps, inDim, outDim, rng, K)
}
