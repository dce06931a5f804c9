import type { Model } from '../models/model'
import { logAbsOn, TABLE_BYTES } from '../models/logAbs'
import type { NaluParts } from '../models/types'
import { wasmApi, type WasmModule } from '../kernels/wasmApi'
import type { Engine } from './engine'
import { fusedEngine } from './fused'
import naluStackWat from './naluStack.wat'
import type { BatchHome } from './stack'
import { STATE_BYTES, streamBytes } from './uniform'

type Pass = (x: number, l: number, n: number, d: number, a: number, b: number, c: number) => void

const PAGE = 65536
const align = (bytes: number) => Math.ceil(bytes / 16) * 16
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v))

let compiled: WasmModule | undefined
function naluStackModule(): WasmModule {
  if (!wasmApi) throw new Error('WebAssembly is not available')
  compiled ??= new wasmApi.Module(naluStackWat)
  return compiled
}

/**
 * Madsen & Johansen's NALU → NALU (d → 2 → 1, the paper's shared-NAC NALU, d even) on a fresh
 * batch without moving it: log(|x| + ε) from the rows into the kernel's memory (the same SIMD loop as
 * fillLogAbs), the first layer's six products per row and its gradient sums in WebAssembly SIMD
 * (naluStack.wat), and between them the scalar part: gates, exponentials, the 2 → 1 layer and the
 * loss, as the units compute them. The evaluation sets and other batches take the generic path.
 * Null for any other model, or where the run's kernels are plain JS.
 */
export function naluStackEngine(model: Model, maxBatch: number): (Engine & { home: BatchHome }) | null {
  const d = model.inDim
  if (!wasmApi || model.kernels.name !== 'wasm-simd' || model.units.length !== 2 || model.outDim !== 1 || d % 2 !== 0) return null
  const [p1, p2] = model.units.map((u) => u.naluParts)
  if (!p1 || !p2 || model.units[0].outDim !== 2) return null
  const one: NaluParts = p1,
    two: NaluParts = p2
  const api = wasmApi
  const generic = fusedEngine(model, maxBatch)

  // [state | batch | its targets (FreshBatches' layout) | l w g z c gw gg h hl | the log's table]; never grown
  const batchAt = STATE_BYTES
  const l = align(streamBytes(maxBatch * d) + maxBatch * 8)
  const w = align(l + maxBatch * d * 8),
    g = w + 2 * d * 8,
    z = g + 2 * d * 8,
    c = z + maxBatch * 48,
    gw = c + maxBatch * 48,
    gg = gw + 2 * d * 8,
    h = gg + 2 * d * 8,
    hl = h + maxBatch * 16,
    table = hl + maxBatch * 16,
    end = table + TABLE_BYTES
  const memory = new api.Memory({ initial: Math.ceil(end / PAGE) })
  const heap = new Float64Array(memory.buffer)
  const exports = new api.Instance(naluStackModule(), { env: { mem: memory } }).exports
  const dots = exports.dots as Pass,
    grads = exports.grads as Pass
  const logAbs = logAbsOn(memory, table)
  // views made once (the memory never grows): no allocation per batch
  const zv = heap.subarray(z / 8, c / 8),
    cv = heap.subarray(c / 8, gw / 8)
  const hv = heap.subarray(h / 8, h / 8 + 2 * maxBatch),
    hlv = heap.subarray(hl / 8, hl / 8 + 2 * maxBatch)
  const gwView = heap.subarray(gw / 8, gw / 8 + 2 * d),
    ggView = heap.subarray(gg / 8, gg / 8 + 2 * d)
  const W2 = two.W,
    G2 = two.G.value,
    dW2 = new Float64Array(2)

  return {
    home: { memory },
    lossAndGrad(batch) {
      const x = batch.input.x
      const n = batch.n
      if (x.buffer !== memory.buffer || x.byteOffset !== batchAt || n > maxBatch) return generic.lossAndGrad(batch)
      model.zeroGrad()
      logAbs(batchAt, n * d, one.eps, l)
      heap.set(one.W, w / 8)
      heap.set(one.G.value, g / 8)
      dots(batchAt, l, n, d, w, g, z)
      const t = batch.y,
        scale = 2 / n,
        e2 = two.eps
      const w0 = W2[0],
        w1 = W2[1],
        q0 = G2[0],
        q1 = G2[1]
      let sum = 0,
        dw0 = 0,
        dw1 = 0,
        dq0 = 0,
        dq1 = 0
      for (let k = 0, i = 0; i < 2 * n; k += 6, i += 2) {
        // the hidden layer, h = g⊙a + (1−g)⊙m; z keeps a, g and m for the way back
        const s0 = sigmoid(zv[k + 2]),
          s1 = sigmoid(zv[k + 3])
        const m0 = Math.exp(zv[k + 4]),
          m1 = Math.exp(zv[k + 5])
        zv[k + 2] = s0
        zv[k + 3] = s1
        zv[k + 4] = m0
        zv[k + 5] = m1
        hv[i] = hlv[i] = s0 * zv[k] + (1 - s0) * m0
        hv[i + 1] = hlv[i + 1] = s1 * zv[k + 1] + (1 - s1) * m1
      }
      logAbs(hl, 2 * n, e2)
      for (let r = 0, k = 0, i = 0; r < n; r++, k += 6, i += 2) {
        const a0 = zv[k],
          a1 = zv[k + 1],
          s0 = zv[k + 2],
          s1 = zv[k + 3],
          m0 = zv[k + 4],
          m1 = zv[k + 5]
        const h0 = hv[i],
          h1 = hv[i + 1],
          l0 = hlv[i],
          l1 = hlv[i + 1]
        // the output layer and the squared error
        const a = h0 * w0 + h1 * w1
        const s = sigmoid(h0 * q0 + h1 * q1)
        const m = Math.exp(l0 * w0 + l1 * w1)
        const e = s * a + (1 - s) * m - t[r]
        sum += e * e
        // back through the output layer
        const dy = scale * e
        const da = dy * s,
          dq = dy * (a - m) * s * (1 - s),
          dm = dy * (1 - s) * m
        dw0 += da * h0 + dm * l0
        dw1 += da * h1 + dm * l1
        dq0 += dq * h0
        dq1 += dq * h1
        const dh0 = da * w0 + dq * q0 + dm * w0 * ((h0 > 0 ? 1 : -1) / (Math.abs(h0) + e2))
        const dh1 = da * w1 + dq * q1 + dm * w1 * ((h1 > 0 ? 1 : -1) / (Math.abs(h1) + e2))
        // the hidden layer's terms for its gradient sums
        cv[k] = dh0 * s0
        cv[k + 1] = dh1 * s1
        cv[k + 2] = dh0 * (a0 - m0) * s0 * (1 - s0)
        cv[k + 3] = dh1 * (a1 - m1) * s1 * (1 - s1)
        cv[k + 4] = dh0 * (1 - s0) * m0
        cv[k + 5] = dh1 * (1 - s1) * m1
      }
      gwView.fill(0)
      ggView.fill(0)
      grads(batchAt, l, n, d, c, gw, gg)
      one.chainW(gwView)
      const gG1 = one.G.grad
      for (let i = 0; i < 2 * d; i++) gG1[i] += ggView[i]
      dW2[0] = dw0
      dW2[1] = dw1
      two.chainW(dW2)
      two.G.grad[0] += dq0
      two.G.grad[1] += dq1
      return sum / n
    },
    squaredErrors: (set, acc) => generic.squaredErrors(set, acc),
    sync: () => model.refresh(),
    dispose() {}
  }
}
