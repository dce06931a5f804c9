import adam from './adam.wat'
import elementwise from './elementwise.wat'
import gemmNN from './gemmNN.wat'
import gemmNT from './gemmNT.wat'
import gemmTNAcc from './gemmTNAcc.wat'
import { wasmApi, type WasmModule } from './wasmApi'

/** Each kernel's WebAssembly module; the .wat files beside this one, assembled at build time. */
export interface SimdModules {
  gemmNT: WasmModule
  gemmTNAcc: WasmModule
  gemmNN: WasmModule
  adam: WasmModule
  elementwise: WasmModule
}

export type KernelBytes = Record<keyof SimdModules, Uint8Array>

const BYTES: KernelBytes = { gemmNT, gemmTNAcc, gemmNN, adam, elementwise }

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
export function compileKernels(bytes: KernelBytes, allowFallback: boolean): SimdModules | null {
  try {
    if (!wasmApi) throw new Error('this JavaScript engine has no WebAssembly')
    const api = wasmApi
    const out = {} as SimdModules
    for (const name of Object.keys(bytes) as (keyof SimdModules)[]) {
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

/** The kernels compiled for this engine, once a process; null (production only) where they cannot be. */
export function simdModules(): SimdModules | null {
  if (compiled === undefined) compiled = compileKernels(BYTES, production)
  return compiled
}
