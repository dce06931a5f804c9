import adam from './adam.wat'
import convert32 from './convert32.wat'
import elementwise from './elementwise.wat'
import gemm32NN from './gemm32NN.wat'
import gemm32NT from './gemm32NT.wat'
import gemm32TN from './gemm32TN.wat'
import gemmNN from './gemmNN.wat'
import gemmNT from './gemmNT.wat'
import gemmTNAcc from './gemmTNAcc.wat'
import { enableRelaxedSimd } from './relaxedSimd'
import { wasmApi, type WasmModule } from './wasmApi'

/** Each kernel's WebAssembly module; the .wat files beside this one, assembled at build time. */
export interface SimdModules {
  gemmNT: WasmModule
  gemmTNAcc: WasmModule
  gemmNN: WasmModule
  adam: WasmModule
  elementwise: WasmModule
}

/** The Float32 path's products and conversions (wasm32.ts), beside the Float64 ones it also uses. */
export interface Simd32Modules extends SimdModules {
  gemm32NT: WasmModule
  gemm32TN: WasmModule
  gemm32NN: WasmModule
  convert32: WasmModule
}

export type KernelBytes<M = Simd32Modules> = Record<keyof M, Uint8Array>

const BYTES: KernelBytes<SimdModules> = { gemmNT, gemmTNAcc, gemmNN, adam, elementwise }
/** compiled only by a run on the Float32 path: a Float64 run (most of them) never pays for these */
const BYTES32: KernelBytes<Omit<Simd32Modules, keyof SimdModules>> = { gemm32NT, gemm32TN, gemm32NN, convert32 }

/**
 * A production build (electron-vite replaces import.meta.env); tests, `electron-vite dev` and
 * sources run under Node are not, and there a kernel that does not compile must stop the run.
 */
const production = (import.meta as { env?: { PROD?: boolean } }).env?.PROD === true

/**
 * Compiles the kernels, all or none: a production build falls back to the JS kernels (the run then
 * records its backend as fused-js) where the engine lacks WebAssembly SIMD; anywhere else that is
 * an error, so a broken kernel cannot hide behind the slower JS path it is tested against.
 */
export function compileKernels<K extends string>(bytes: Record<K, Uint8Array>, allowFallback: boolean): Record<K, WasmModule> | null {
  try {
    if (!wasmApi) throw new Error('this JavaScript engine has no WebAssembly')
    const api = wasmApi
    enableRelaxedSimd()
    const out = {} as Record<K, WasmModule>
    for (const name of Object.keys(bytes) as K[]) {
      try {
        out[name] = new api.Module(bytes[name])
      } catch (err) {
        throw new Error(`${name}.wat: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    return out
  } catch (err) {
    const message = `The WebAssembly SIMD kernels do not compile here (${err instanceof Error ? err.message : String(err)})`
    if (!allowFallback) throw new Error(message)
    console.warn(`${message}: training with the JS kernels instead.`)
    return null
  }
}

let compiled: SimdModules | null | undefined
let compiled32: Simd32Modules | null | undefined

/** The Float64 kernels compiled for this engine, once a process; null (production only) where they cannot be. */
export function simdModules(): SimdModules | null {
  if (compiled === undefined) compiled = compileKernels(BYTES, production)
  return compiled
}

let compiledConvert: WasmModule | null | undefined

/**
 * convert32.wat alone, for its Float64 loops (the dense layer's bias and ReLU, the ReLU's gradient)
 * on the Float64 kernels' memory: compiled when a Float64 run first asks for them, not the other
 * Float32 modules; null as simdModules.
 */
export function convertModule(): WasmModule | null {
  if (compiledConvert === undefined) compiledConvert = compiled32?.convert32 ?? compileKernels({ convert32 }, production)?.convert32 ?? null
  return compiledConvert
}

/** The Float32 path's kernels with the Float64 ones, compiled when a run first takes that path; null as simdModules. */
export function simd32Modules(): Simd32Modules | null {
  if (compiled32 === undefined) {
    const wide = simdModules()
    const narrow = wide && compileKernels(BYTES32, production)
    compiled32 = wide && narrow ? { ...wide, ...narrow } : null
  }
  return compiled32
}
