import type { UnitSpec } from '@shared/domain'
import type { Kernels } from '../kernels'
import type { Rng } from '../rng'
import { createInalu } from './inalu'
import { createLinear } from './linear'
import { createMlp } from './mlp'
import { createNac } from './nac'
import { createNalu } from './nalu'
import { createNau } from './nau'
import { createNmu } from './nmu'
import { createNpu } from './npu'
import { createRealNpu } from './realnpu'
import type { Unit } from './types'
import { createVanilla } from './vanilla'

/** One unit of a model, initialised from `rng` as its paper does. */
export function createUnit(spec: UnitSpec, inDim: number, outDim: number, rng: Rng, K: Kernels): Unit {
  switch (spec.kind) {
    case 'vanilla':
      return createVanilla(inDim, outDim, rng, K)
    case 'linear':
      return createLinear(inDim, outDim, rng, K)
    case 'mlp':
      return createMlp(inDim, outDim, spec.hidden, rng, K)
    case 'nac':
      return createNac(spec.op, spec.init, spec.eps, inDim, outDim, rng, K)
    case 'nalu':
      return createNalu(spec.variant, spec.init, spec.eps, inDim, outDim, rng, K)
    case 'nau':
      return createNau(inDim, outDim, rng, K)
    case 'nmu':
      return createNmu(inDim, outDim, rng)
    case 'inalu':
      return createInalu(spec.eps, spec.omega, inDim, outDim, rng, K)
    case 'npu':
      return createNpu(spec.eps, inDim, outDim, rng, K)
    case 'realnpu':
      return createRealNpu(spec.eps, inDim, outDim, rng, K)
  }
}
