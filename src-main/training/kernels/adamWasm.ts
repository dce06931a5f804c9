import type { Param } from '../models/types'
import { wasmApi, type WasmModule } from './wasmApi'
import { assemble, Fn, op } from './wasmAsm'

/**
 * Adam over every parameter element in one WebAssembly SIMD loop. The parameters' values and
 * grads are moved into one fixed-size memory (which never grows, so the views handed back stay
 * valid), followed by the moments m and v: one call updates them all in place, no copying.
 * The operations and their order are those of the JS loop in optim.ts, so the numbers are
 * identical to the last bit (IEEE add, mul, div and sqrt are exact-rounded everywhere).
 */
function adamKernel(): Fn {
  // hp points at b1, 1 − b1, b2, 1 − b2, step size, c2, ε (f64 each)
  const f = new Fn('adam', ['w', 'g', 'm', 'v', 'bytes', 'hp'])
  const hp = ['b1', 'a1', 'b2', 'a2', 'step', 'c2', 'eps']
  f.locals(['jb', 'p'], [...hp, 'gv', 'mv', 'vv'])
  hp.forEach((name, i) => f.emit(op.get(f.l('hp')), op.i32(8 * i), op.add, op.f64Load, op.splat, op.set(f.l(name))))
  const at = (base: string) => f.emit(op.get(f.l(base)), op.get(f.l('jb')), op.add, op.set(f.l('p')))
  const get = (name: string) => op.get(f.l(name))
  f.forStep('jb', 16, 'bytes', () => {
    at('g')
    f.emit(get('p'), op.vLoad, op.set(f.l('gv')))
    // m = b1·m + (1 − b1)·g
    at('m')
    f.emit(get('p'), get('b1'), get('p'), op.vLoad, op.vMul, get('a1'), get('gv'), op.vMul, op.vAdd, op.set(f.l('mv')), get('mv'), op.vStore)
    // v = b2·v + (1 − b2)·g·g
    at('v')
    f.emit(get('p'), get('b2'), get('p'), op.vLoad, op.vMul, get('a2'), get('gv'), op.vMul, get('gv'), op.vMul, op.vAdd, op.set(f.l('vv')), get('vv'), op.vStore)
    // w −= step·m / (√v·c2 + ε)
    at('w')
    f.emit(get('p'), get('p'), op.vLoad, get('step'), get('mv'), op.vMul, get('vv'), op.vSqrt, get('c2'), op.vMul, get('eps'), op.vAdd, op.vDiv, op.vSub, op.vStore)
  })
  return f
}

let compiled: WasmModule | null | undefined

function adamModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = wasmApi ? new wasmApi.Module(assemble([adamKernel()])) : null
    } catch {
      compiled = null
    }
  }
  return compiled
}

export interface AdamStep {
  (b1: number, b2: number, stepSize: number, c2: number, eps: number): void
}

/**
 * Moves the params' values and grads into one WebAssembly memory (their Float64Arrays are replaced
 * by views on it, contents kept) and returns the in-place Adam step; null without WebAssembly SIMD.
 */
export function adoptForAdam(params: Param[]): AdamStep | null {
  const module = adamModule()
  if (!module || !wasmApi) return null
  // each parameter starts on a 16-byte boundary; the padding stays 0 and so does its update
  const offsets: number[] = []
  let total = 0
  for (const p of params) {
    offsets.push(total)
    total += p.value.length + (p.value.length & 1)
  }
  const hpAt = 0, base = 8 // elements: 7 hyperparameters, then w, g, m, v
  const bytes = (base + 4 * total) * 8
  const mem = new wasmApi.Memory({ initial: Math.ceil(bytes / 65536) || 1, maximum: Math.ceil(bytes / 65536) || 1 })
  const heap = new Float64Array(mem.buffer)
  const kernel = new wasmApi.Instance(module, { env: { mem } }).exports.adam as (w: number, g: number, m: number, v: number, bytes: number, hp: number) => void
  params.forEach((p, i) => {
    const w = new Float64Array(mem.buffer, (base + offsets[i]) * 8, p.value.length)
    const g = new Float64Array(mem.buffer, (base + total + offsets[i]) * 8, p.grad.length)
    w.set(p.value)
    g.set(p.grad)
    p.value = w
    p.grad = g
  })
  const [w, g, m, v] = [0, 1, 2, 3].map((k) => (base + k * total) * 8)
  return (b1, b2, stepSize, c2, eps) => {
    heap.set([b1, 1 - b1, b2, 1 - b2, stepSize, c2, eps], hpAt)
    kernel(w, g, m, v, total * 8, hpAt)
  }
}
