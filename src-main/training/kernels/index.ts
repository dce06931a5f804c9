import { jsKernels } from './js'
import { wasmKernels } from './wasm'
import type { Kernels } from './types'

export type { Kernels } from './types'
export { jsKernels } from './js'

/** The fastest kernels available: WebAssembly SIMD (one memory per run), else plain JS. */
export function createKernels(prefer: 'auto' | 'js' = 'auto'): Kernels {
  return (prefer === 'auto' && wasmKernels()) || jsKernels
}
