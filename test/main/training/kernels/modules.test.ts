import { describe, expect, it, vi } from 'vitest'
import adam from '../../../../src-main/training/kernels/adam.wat'
import convert32 from '../../../../src-main/training/kernels/convert32.wat'
import elementwise from '../../../../src-main/training/kernels/elementwise.wat'
import gemm32NN from '../../../../src-main/training/kernels/gemm32NN.wat'
import gemm32NT from '../../../../src-main/training/kernels/gemm32NT.wat'
import gemm32TN from '../../../../src-main/training/kernels/gemm32TN.wat'
import gemmNN from '../../../../src-main/training/kernels/gemmNN.wat'
import gemmNT from '../../../../src-main/training/kernels/gemmNT.wat'
import gemmTNAcc from '../../../../src-main/training/kernels/gemmTNAcc.wat'
import { createKernels } from '../../../../src-main/training/kernels'
import { adoptForAdam } from '../../../../src-main/training/kernels/adamWasm'
import { compileKernels } from '../../../../src-main/training/kernels/modules'
import { param } from '../../../../src-main/training/models/types'
import { createOptimiser } from '../../../../src-main/training/optim'
import { Optimizer } from '@shared/domain'

const BYTES = { gemmNT, gemmTNAcc, gemmNN, adam, elementwise, gemm32NT, gemm32TN, gemm32NN, convert32 }

describe('the WebAssembly SIMD kernels (assembled from their .wat at build time)', () => {
  it('are what runs here: the matrix products and Adam', () => {
    expect(createKernels().name).toBe('wasm-simd')
    // Adam moves every parameter into its one WebAssembly memory; the JS loop leaves them apart
    const params = [param('a', 2, 3), param('b', 1, 5)]
    createOptimiser(Optimizer.parse({ kind: 'adam', lr: 0.01 }), params, true)
    expect(params[0].value.buffer).toBe(params[1].value.buffer)
    expect(adoptForAdam([param('c', 1, 2)])).toBeTypeOf('function')
  })

  it("each exports its one function (the element-wise module its three and the tests' handle)", () => {
    // the Node-side config has no DOM lib, where WebAssembly's types live
    const api = (globalThis as unknown as { WebAssembly: { Module: { exports(m: object): unknown } } }).WebAssembly
    const modules = compileKernels(BYTES, false)!
    for (const name of ['gemmNT', 'gemmTNAcc', 'gemmNN', 'gemm32NT', 'gemm32NN'] as const)
      expect(api.Module.exports(modules[name])).toEqual([{ name, kind: 'function' }])
    expect(api.Module.exports(modules.gemm32TN)).toEqual(
      ['gemm32TN', 'gemm32TNSparse', 'compact'].map((name) => ({ name, kind: 'function' }))
    )
    expect(api.Module.exports(modules.adam)).toEqual(['adam', 'adamQ32'].map((name) => ({ name, kind: 'function' })))
    expect(api.Module.exports(modules.convert32)).toEqual(
      ['demote', 'promote', 'pack', 'gatherRows', 'nacRefresh', 'nacChain', 'biasRelu', 'reluGrad'].map((name) => ({
        name,
        kind: 'function'
      }))
    )
    expect(api.Module.exports(modules.elementwise)).toEqual(
      ['refresh', 'naluMix', 'gather', 'map'].map((name) => ({ name, kind: 'function' }))
    )
  })

  it('a kernel that does not compile is an error outside a production build, never a silent JS run', () => {
    const broken = { ...BYTES, adam: adam.map((b, i) => (i === adam.length - 2 ? 0xff : b)) }
    expect(() => compileKernels(broken, false)).toThrow(/WebAssembly SIMD kernels do not compile here \(adam\.wat: /)
  })

  it('a production build falls back to the JS kernels, all of them, and says so', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const broken = { ...BYTES, gemmNN: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 99]) }
    expect(compileKernels(broken, true)).toBeNull()
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/gemmNN\.wat: .*training with the JS kernels instead/))
    warn.mockRestore()
  })

  it('compiles the Float32 modules only when a run takes the Float32 path', async () => {
    vi.resetModules()
    const api = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly
    const Module = api.Module
    let compiled = 0
    // a constructor, so `new WebAssembly.Module(bytes)` still works through the spy
    const counting = vi.spyOn(api, 'Module').mockImplementation(function (b: Uint8Array) {
      compiled++
      return new Module(b)
    })
    try {
      const fresh = await import('../../../../src-main/training/kernels/modules')
      expect(fresh.simdModules()).not.toBeNull()
      expect(compiled).toBe(5)
      const both = fresh.simd32Modules()!
      expect(compiled).toBe(9)
      expect(Object.keys(both).sort()).toEqual(Object.keys(BYTES).sort())
      // once a process
      fresh.simd32Modules()
      fresh.simdModules()
      expect(compiled).toBe(9)
    } finally {
      counting.mockRestore()
    }
  })
})
