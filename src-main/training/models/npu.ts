import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { createNpuUnit } from './npuCore'
import type { Unit } from './types'

/** The complex-weighted NPU (Heim et al. 2020): learns powers, including of negative inputs. */
export function createNpu(eps: number, inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  return createNpuUnit('npu', eps, inDim, outDim, rng, K)
}
