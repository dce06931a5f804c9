import { existsSync, readFileSync } from 'node:fs'
import { arch } from 'node:os'
import { describe, expect, it } from 'vitest'
import { createKernels } from '../../../../src-main/training/kernels'
import { fusedMultiplyAdd } from '../../../../src-main/training/kernels/relaxedSimd'
import type { Wasm32Kernels } from '../../../../src-main/training/kernels/wasm32'

/** Whether this CPU has fused multiply-add, where the OS says so: every ARM64; x86-64's `fma` flag on Linux. */
function cpuHasFma(): boolean | null {
  if (arch() === 'arm64') return true
  if (arch() !== 'x64' || !existsSync('/proc/cpuinfo')) return null
  const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
  return flags ? flags[1].split(/\s+/).includes('fma') : null
}

// a·a = 1 + 2⁻¹¹ + 2⁻²⁴ (a = 1 + 2⁻¹²); rounded to float32 it loses 2⁻²⁴, so c + a·a is 2⁻²⁴ with
// one rounding and 0 with two
const a = 1 + 2 ** -12
const c = -(1 + 2 ** -11)

describe('the Float32 products’ multiply-add (relaxed SIMD)', () => {
  const hasFma = cpuHasFma()

  it.skipIf(hasFma === null)('fuses on a CPU with FMA, as the probe reports and the run records', () => {
    expect(fusedMultiplyAdd()).toBe(hasFma)
    expect(createKernels('auto', 'float32').backend).toBe(hasFma ? 'wasm-simd-f32-fma' : 'wasm-simd-f32')
    expect(createKernels('auto', 'float64').backend).toBe('wasm-simd')
  })

  it('rounds once in every product exactly where the probe says it does (c first, then a·a, in each kernel’s order)', () => {
    const want = fusedMultiplyAdd() ? 2 ** -24 : 0
    const k32 = createKernels('auto', 'float32') as Wasm32Kernels
    // forward: k = 0 and k = 4 share a lane and are added in that order
    const nt = new Float64Array(1)
    k32.gemmNT(Float64Array.of(1, 0, 0, 0, a), 1, 5, Float64Array.of(c, 0, 0, 0, a), 1, nt)
    expect(nt[0]).toBe(want)
    // weight gradient over rows 0, 1, by the dense kernel and by the sparse one
    for (const below of [0, 2]) {
      k32.weightGrad.sparseBelow = below
      const tn = new Float64Array(1)
      k32.gemmTN(Float64Array.of(c, a), 2, 1, Float64Array.of(1, a), 1, tn)
      expect(tn[0], `sparseBelow ${below}`).toBe(want)
    }
    // input gradient over the inner index 0, 1
    const nn = new Float64Array(1)
    k32.gemmNN(Float64Array.of(c, a), 1, 2, Float64Array.of(1, a), 1, nn)
    expect(nn[0]).toBe(want)
  })
})
