import { jsKernels } from './js'
import { wasmKernels } from './wasm'
import { wasm32Kernels } from './wasm32'
import type { Kernels } from './types'

export type { Kernels } from './types'
export { jsKernels } from './js'
export { kernelBytes } from './wasm'
export { weightGrad } from './types'

/**
 * The fastest kernels available: WebAssembly SIMD (one memory per run), else plain JS. `float32`
 * asks for the Float32 path's products (wasm32.ts); where SIMD is missing (a production build's
 * fallback) the JS kernels run in Float64, and the run's recorded backend says so. `bytes`: the
 * kernels' memory, sized once (kernels/wasm.ts, kernelBytes).
 */
export function createKernels(prefer: 'auto' | 'js' = 'auto', precision: 'float64' | 'float32' = 'float64', bytes?: number): Kernels {
  if (prefer === 'js') return jsKernels
  return (precision === 'float32' ? wasm32Kernels(bytes) : wasmKernels(bytes)) ?? jsKernels
}
