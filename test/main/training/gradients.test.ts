import { beforeAll, describe, expect, it } from 'vitest'
import { createKernels, jsKernels, type Kernels } from '../../../src-main/training/kernels'
import type { Tf } from '../../../src-main/training/models/types'
import { loadTf } from '../../../src-main/training/tfjs'
import { inputs, model, Probe, relErr } from './gradcheck'

/** Every unit kind alone, and each behind a NAU so its input gradient feeds a first layer. */
const UNITS: Record<string, Record<string, unknown>> = {
  vanilla: { kind: 'vanilla' },
  linear: { kind: 'linear' },
  mlp: { kind: 'mlp', hidden: 4 },
  nac: { kind: 'nac' },
  'nac•': { kind: 'nac', op: 'mul', init: 'madsen' },
  'nalu(paper)': { kind: 'nalu', variant: 'paper' },
  'nalu(article)': { kind: 'nalu', variant: 'article' },
  nau: { kind: 'nau' },
  nmu: { kind: 'nmu' },
  inalu: { kind: 'inalu' },
  npu: { kind: 'npu' },
  realnpu: { kind: 'realnpu' }
}

let tf: Tf
beforeAll(async () => {
  tf = (await loadTf('cpu')).tf
})

function check(units: Record<string, unknown>[], kernels: Kernels, dims: { n: number; inDim: number; outDim: number }) {
  const x = inputs(dims.n, dims.inDim, 17)
  const probe = new Probe(model(units), dims.inDim, dims.outDim, x, dims.n, kernels)
  const fused = probe.fusedGrads()
  // finite differences (Float64, central): the fused gradient of every parameter
  for (const { param, name, index, fd } of probe.finiteDiffs()) {
    const g = fused[param][index]
    expect(Math.abs(g - fd), `${name}[${index}]: fused ${g} vs finite difference ${fd}`).toBeLessThanOrEqual(
      1e-5 * Math.max(1, Math.abs(fd))
    )
  }
  // tfjs autodiff of the units' tfjs definitions, in float32
  const auto = probe.tfGrads(tf)
  probe.model.params.forEach((p, k) => {
    expect(relErr(fused[k], auto[k], 1e-6), `${p.name}: fused vs tfjs autodiff`).toBeLessThan(2e-3)
  })
}

describe('fused gradients of each unit (finite differences and tfjs autodiff)', () => {
  for (const [name, spec] of Object.entries(UNITS)) {
    it(`${name}`, () => check([spec], jsKernels, { n: 7, inDim: 5, outDim: 3 }))
    it(`nau → ${name} (its input gradient)`, () => check([{ kind: 'nau' }, spec], jsKernels, { n: 6, inDim: 4, outDim: 2 }))
  }
})

describe('the WebAssembly SIMD kernels give the same gradients', () => {
  const wasm = createKernels()
  it('runs on SIMD here', () => expect(wasm.name).toBe('wasm-simd'))
  for (const name of ['vanilla', 'nac', 'nac•', 'nalu(article)', 'nalu(paper)', 'inalu', 'npu']) {
    // big enough for the SIMD blocks, with edge rows (n % 4) and an odd output count
    it(`${name} at 18 × 32 → 5`, () => check([UNITS[name]], wasm, { n: 18, inDim: 32, outDim: 5 }))
  }
  it('nau → nalu(article) with a hidden layer of 3', () =>
    check([{ kind: 'nau' }, UNITS['nalu(article)']], wasm, { n: 18, inDim: 32, outDim: 2 }))
})
