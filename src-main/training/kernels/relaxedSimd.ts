import { setFlagsFromString } from 'node:v8'
import fma from './fma.wat'
import { wasmApi } from './wasmApi'

/**
 * The Float32 products multiply-add with f32x4.relaxed_madd (WebAssembly's relaxed SIMD): one FMA
 * instruction where the CPU has one (x86-64 since 2013, every ARM64), else a multiply and an add,
 * the two roundings the kernels had before. V8 ships relaxed SIMD from 11.4 (Node 22, Electron 45);
 * Node 20's V8 11.3 has it behind a flag, which a process may still set before it compiles a module
 * that uses it. Set only where the probe does not validate, so a V8 that dropped the flag never sees it.
 */
export function enableRelaxedSimd(): void {
  if (!wasmApi || wasmApi.validate(fma)) return
  setFlagsFromString('--experimental-wasm-relaxed-simd')
}

let fused: boolean | undefined

/**
 * Whether this machine's relaxed_madd rounds once. It decides the Float32 path's bits (a run records
 * `fused-wasm-simd-f32-fma` or `fused-wasm-simd-f32`): with a = 1 + 2⁻¹², a·a = 1 + 2⁻¹¹ + 2⁻²⁴, whose
 * last term a float32 rounding drops, so a·a − (1 + 2⁻¹¹) is 2⁻²⁴ fused and 0 unfused.
 */
export function fusedMultiplyAdd(): boolean {
  if (fused === undefined) {
    if (!wasmApi) throw new Error('WebAssembly is not available')
    enableRelaxedSimd()
    const { madd } = new wasmApi.Instance(new wasmApi.Module(fma), {}).exports as { madd: (a: number, b: number, c: number) => number }
    const a = 1 + 2 ** -12
    fused = madd(a, a, -(1 + 2 ** -11)) !== 0
  }
  return fused
}
