import { describe, expect, it } from 'vitest'
import { Optimizer } from '@shared/domain'
import { createKernels } from '../../../src-main/training/kernels'
import { nacRefresh, refreshJs } from '../../../src-main/training/kernels/elementwise'
import { param } from '../../../src-main/training/models/types'
import { clipGradNorm, createOptimiser } from '../../../src-main/training/optim'

const p = (values: number[], bounds?: { min: number; max: number }) => {
  const x = param('w', 1, values.length, bounds)
  x.value.set(values)
  return x
}

/** A NAC's Ŵ and M̂ of `len` weights (11 × 91 is their shape; only the first `len` are set). */
const nacParams = (len: number) =>
  (['What', 'Mhat'] as const).map((name, k) => {
    const q = param(name, 11, 91)
    q.value.set(Array.from({ length: len }, (_, i) => Math.sin(i + k)))
    return q
  })

describe('optimisers (PyTorch formulas)', () => {
  it('Adam: bias-corrected first and second moments', () => {
    const w = p([1, -2])
    const opt = createOptimiser(Optimizer.parse({ kind: 'adam', lr: 0.1 }), [w])
    const grads = [
      [0.5, -1],
      [0.25, 2]
    ]
    let m = [0, 0],
      v = [0, 0]
    const want = [1, -2]
    grads.forEach((g, t) => {
      w.grad.set(g)
      opt.step()
      m = m.map((mi, i) => 0.9 * mi + 0.1 * g[i])
      v = v.map((vi, i) => 0.999 * vi + 0.001 * g[i] ** 2)
      for (let i = 0; i < 2; i++) {
        const mh = m[i] / (1 - 0.9 ** (t + 1)),
          vh = v[i] / (1 - 0.999 ** (t + 1))
        want[i] -= (0.1 * mh) / (Math.sqrt(vh) + 1e-8)
      }
      expect(w.value[0]).toBeCloseTo(want[0], 12)
      expect(w.value[1]).toBeCloseTo(want[1], 12)
    })
  })

  it('Adam in WebAssembly SIMD gives the JS loop’s numbers to the last bit, bounds kept', () => {
    const make = () => [p([0.3, -1.2, 2.5]), p([0.1, 0.9, 0.4, 0.7, 0.2], { min: 0, max: 1 })]
    const [js, simd] = [make(), make()]
    const spec = Optimizer.parse({ kind: 'adam', lr: 0.05 })
    const a = createOptimiser(spec, js)
    const b = createOptimiser(spec, simd, true)
    // the SIMD optimiser moved the parameters into its memory, values unchanged
    expect(Array.from(simd[1].value)).toEqual([0.1, 0.9, 0.4, 0.7, 0.2])
    for (let step = 0; step < 40; step++) {
      for (const set of [js, simd]) set.forEach((q, k) => q.grad.set(q.value.map((v, i) => Math.sin(step + 3 * k + i) * (v + 1))))
      a.step()
      b.step()
    }
    js.forEach((q, k) => expect(Array.from(simd[k].value)).toEqual(Array.from(q.value)))
    expect(Math.min(...simd[1].value)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...simd[1].value)).toBeLessThanOrEqual(1)
  })

  it('Adam on the Float32 path: the moments in Float64, the quotient in float32, so each update within float32 rounding', () => {
    // 1 + 4 + 7 values: lengths that are not multiples of four (the kernel steps four at a time)
    const make = () => [p([0.3]), p([-1.2, 2.5, 0.8, -0.1]), p([0.1, 0.9, 0.4, 0.7, 0.2, -3, 5])]
    const [js, q32] = [make(), make()]
    const spec = Optimizer.parse({ kind: 'adam', lr: 0.05 })
    const a = createOptimiser(spec, js)
    const b = createOptimiser(spec, q32, true, true)
    let steps = 0
    for (let step = 0; step < 60; step++) {
      // gradients of very different sizes, down to where the moments are near float32's smallest normals
      for (const set of [js, q32])
        set.forEach((q, k) => q.grad.set(q.value.map((v, i) => Math.sin(step + 3 * k + i) * 10 ** ((i % 5) * 4 - 12))))
      a.step()
      b.step()
      steps++
    }
    let differ = 0
    js.forEach((q, k) =>
      q.value.forEach((v, i) => {
        const d = Math.abs(q32[k].value[i] - v)
        // every update is at most about lr / (1 − β1) and its quotient off by a few float32 ulps
        expect(d).toBeLessThanOrEqual(steps * 0.05 * 2 ** -20)
        if (d > 0) differ++
      })
    )
    // the quotient really is float32: the weights are not the Float64 loop's bits
    expect(differ).toBeGreaterThan(0)
  })

  it('Adam steps a NAC’s Ŵ and M̂ where the Float32 refresh keeps them, with the numbers it gives them anywhere else', () => {
    const len = 1001
    const make = () => nacParams(len)
    const f32 = createKernels('auto', 'float32')
    const spec = Optimizer.parse({ kind: 'adam', lr: 0.05 })
    for (const quotient32 of [false, true]) {
      const [moved, homed] = [make(), make()]
      const refresh = f32.nacRefresh!(len)
      refresh.adopt!(homed[0], homed[1])
      const home = homed[0].value.buffer
      // the second optimiser on the same home: its moments start at 0 again
      for (const round of [0, 1]) {
        const a = createOptimiser(spec, moved, true, quotient32)
        const b = createOptimiser(spec, homed, true, quotient32)
        for (const q of homed) expect(q.value.buffer).toBe(home)
        for (let step = 0; step < 30; step++) {
          for (const set of [moved, homed])
            set.forEach((q, k) => q.grad.set(q.value.map((v, i) => Math.cos(step + 5 * k + i + round) * (v + 2))))
          a.step()
          b.step()
        }
        moved.forEach((q, k) => expect(homed[k].value).toEqual(q.value))
      }
    }
  })

  it('Adam steps a NAC’s Ŵ and M̂ where the Float64 refresh keeps them, and the refresh reads them there, with the numbers of moved params', () => {
    const len = 1001
    const make = () => nacParams(len)
    const spec = Optimizer.parse({ kind: 'adam', lr: 0.05 })
    const [moved, homed] = [make(), make()]
    const [apart, home] = [nacRefresh(len), nacRefresh(len)]
    home.adopt!(homed[0], homed[1])
    for (const q of homed) expect(q.value.buffer).toBe(home.W.buffer)
    const a = createOptimiser(spec, moved, true)
    const b = createOptimiser(spec, homed, true)
    for (let step = 0; step < 30; step++) {
      for (const set of [moved, homed]) set.forEach((q, k) => q.grad.set(q.value.map((v, i) => Math.cos(step + 5 * k + i) * (v + 2))))
      a.step()
      b.step()
      apart.run(moved[0].value, moved[1].value)
      home.run(homed[0].value, homed[1].value)
    }
    for (const q of homed) expect(q.value.buffer).toBe(home.W.buffer)
    moved.forEach((q, k) => expect(homed[k].value).toEqual(q.value))
    // both as the JS twin gives them (the same bits: kernels/exp.ts)
    const twin = [0, 1, 2].map(() => new Float64Array(len))
    refreshJs(homed[0].value, homed[1].value, twin[0], twin[1], twin[2])
    ;(['W', 'fa', 'fb'] as const).forEach((f, k) => {
      expect(home[f]).toEqual(twin[k])
      expect(apart[f]).toEqual(twin[k])
    })
  })

  it('moves a home’s params like any others when the optimiser is given only some of them', () => {
    const f32 = createKernels('auto', 'float32')
    const refresh = f32.nacRefresh!(6)
    const [What, Mhat] = [param('What', 2, 3), param('Mhat', 2, 3)]
    What.value.set([1, 2, 3, 4, 5, 6])
    refresh.adopt!(What, Mhat)
    createOptimiser(Optimizer.parse({ kind: 'adam', lr: 0.05 }), [What], true, true)
    expect(What.value.buffer).not.toBe(refresh.W.buffer)
    expect(Array.from(What.value)).toEqual([1, 2, 3, 4, 5, 6])
    expect(Mhat.value.buffer).toBe(refresh.W.buffer)
  })

  it('SGD with momentum and RMSProp', () => {
    const a = p([1])
    const sgd = createOptimiser(Optimizer.parse({ kind: 'sgd', lr: 0.1, momentum: 0.5 }), [a])
    a.grad.set([2])
    sgd.step() // buf = 2
    sgd.step() // buf = 0.5·2 + 2 = 3
    expect(a.value[0]).toBeCloseTo(1 - 0.2 - 0.3, 12)
    const b = p([1])
    const rms = createOptimiser(Optimizer.parse({ kind: 'rmsprop', lr: 0.01, decay: 0.9 }), [b])
    b.grad.set([3])
    rms.step()
    expect(b.value[0]).toBeCloseTo(1 - (0.01 * 3) / (Math.sqrt(0.1 * 9) + 1e-8), 12)
  })

  it('clamps bounded parameters after each step (NAU, NMU, the NPU gate)', () => {
    const w = p([0.99, 0.01], { min: 0, max: 1 })
    const opt = createOptimiser(Optimizer.parse({ kind: 'sgd', lr: 1 }), [w])
    w.grad.set([-5, 5])
    opt.step()
    expect(Array.from(w.value)).toEqual([1, 0])
  })

  it('clips the global gradient norm', () => {
    const a = p([0, 0]),
      b = p([0])
    a.grad.set([3, 0])
    b.grad.set([4])
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5, 12)
    const norm = Math.hypot(a.grad[0], a.grad[1], b.grad[0])
    expect(norm).toBeCloseTo(1, 5)
    expect(a.grad[0] / b.grad[0]).toBeCloseTo(0.75, 12)
  })
})
