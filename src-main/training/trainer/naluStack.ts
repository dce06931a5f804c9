import type { Model } from '../models/model'
import { fillLogAbs, logAbsOn, TABLE_BYTES } from '../models/logAbs'
import type { NaluParts } from '../models/types'
import { wasmApi, type WasmModule } from '../kernels/wasmApi'
import type { Engine } from './engine'
import { expData } from './expTable'
import { fusedEngine } from './fused'
import naluStackWat from './naluStack.wat'
import type { Slice } from './batches'
import type { BatchHome } from './stack'
import { STATE_BYTES, streamBytes } from './uniform'

type Forward = (x: number, l: number, n: number, d: number, w: number, z: number, h: number, e: number) => void
type Backward = (
  z: number,
  c: number,
  h: number,
  hl: number,
  y: number,
  n: number,
  e: number,
  p: number,
  o: number,
  scale: number,
  eps: number
) => void
type Grads = (x: number, l: number, n: number, d: number, c: number, gw: number, gg: number) => void

const PAGE = 65536
const align = (bytes: number) => Math.ceil(bytes / 16) * 16
const EXP_DATA = expData()
/**
 * Bytes of fixed sets (rows, their logarithms, targets) an engine keeps resident in memories of their
 * own, where the evaluation reads them in place: copying 16 bytes a value in at every evaluation was
 * ≈ 40 % of it (the paper's two 10,000-row sets, 32 MB: 5.2–6.0 → 3.0–3.5 ms per evaluation).
 */
const RESIDENT_MAX = 64 * 2 ** 20

let compiled: WasmModule | undefined
/**
 * The kernel on a memory of its own of `bytes` (never grown), with the exp's data at byte `e` and
 * the log's table at byte `table` (logAbsOn): the training's memory, and each resident set's.
 */
function naluStackOn(bytes: number, table: number, e: number) {
  if (!wasmApi) throw new Error('WebAssembly is not available')
  compiled ??= new wasmApi.Module(naluStackWat)
  const memory = new wasmApi.Memory({ initial: Math.ceil(bytes / PAGE) })
  const heap = new Float64Array(memory.buffer)
  heap.set(EXP_DATA, e / 8)
  const exports = new wasmApi.Instance(compiled, { env: { mem: memory, exp: Math.exp } }).exports
  return {
    memory,
    heap,
    forward: exports.forward as Forward,
    backward: exports.backward as Backward,
    grads: exports.grads as Grads,
    ...logAbsOn(memory, table)
  }
}

/**
 * Madsen & Johansen's NALU → NALU (d → 2 → 1, the paper's shared-NAC NALU, d even) on a fresh
 * batch without moving it, all in WebAssembly SIMD: log(|x| + ε) from the rows into the kernel's
 * memory (logAbs.wat; its near-one path while the batches are in [1, 2]), the first layer's six
 * products per row and the hidden layer (naluStack.wat `forward`), the hidden values' logarithms,
 * the output layer, the loss and the way back to the hidden layer (`backward`), and the first
 * layer's gradient sums (`grads`); exponentials by the kernel's vector exp (expTable.ts). The
 * evaluation sets go through the same passes in blocks; batches drawn elsewhere take the generic
 * path. Null for any other model, or where the run's kernels are plain JS.
 */
export function naluStackEngine(model: Model, maxBatch: number): (Engine & { home: BatchHome }) | null {
  const d = model.inDim
  if (!wasmApi || model.kernels.name !== 'wasm-simd' || model.units.length !== 2 || model.outDim !== 1 || d % 2 !== 0) return null
  const [p1, p2] = model.units.map((u) => u.naluParts)
  if (!p1 || !p2 || model.units[0].outDim !== 2) return null
  const one: NaluParts = p1,
    two: NaluParts = p2
  const generic = fusedEngine(model, maxBatch)

  // [state | batch | its targets (FreshBatches' layout) | l w (W and G) z c gw gg h hl p o | evaluation
  //  rows, their logs and targets | the log's table | the exp's]; never grown
  const batchAt = STATE_BYTES
  const l = align(streamBytes(maxBatch * d) + maxBatch * 8)
  const w = align(l + maxBatch * d * 8),
    z = w + 4 * d * 8,
    c = z + maxBatch * 48,
    gw = c + maxBatch * 48,
    gg = gw + 2 * d * 8,
    h = gg + 2 * d * 8,
    hl = h + maxBatch * 16,
    p = hl + maxBatch * 16,
    o = p + 32,
    ex = o + 48,
    el = ex + maxBatch * d * 8,
    ey = el + maxBatch * d * 8,
    table = align(ey + maxBatch * 8),
    e = align(table + TABLE_BYTES),
    end = e + EXP_DATA.length * 8
  const { memory, heap, forward, backward, grads, all: logAbs, nearOne } = naluStackOn(end, table, e)
  // the paper's batches are U[1, 2]: the near-one log until a batch has a value outside [1 − 2⁻⁹, 2 + 2⁻⁷)
  let tryNearOne = true
  // views made once (the memory never grows): no allocation per batch
  const gwView = heap.subarray(gw / 8, gw / 8 + 2 * d),
    ggView = heap.subarray(gg / 8, gg / 8 + 2 * d)
  const out = heap.subarray(o / 8, o / 8 + 5)
  const W2 = two.W,
    dW2 = new Float64Array(2)
  // the key nalu.ts caches log(|x| + ε) of a fixed set under: the generic path and this one share it
  const logKey = `logabs:${one.eps}`

  /** Both layers' weights into a kernel's memory (`heap` at byte offsets `w` and `p`), the first layer's W and G interleaved per pair of inputs (naluStack.wat). */
  const weightsIn = (heap: Float64Array, w: number, p: number): void => {
    const W1 = one.W,
      G1 = one.G.value
    for (let j = 0, at = w / 8; j < d; j += 2, at += 8) {
      heap[at] = W1[j]
      heap[at + 1] = W1[j + 1]
      heap[at + 2] = W1[d + j]
      heap[at + 3] = W1[d + j + 1]
      heap[at + 4] = G1[j]
      heap[at + 5] = G1[j + 1]
      heap[at + 6] = G1[d + j]
      heap[at + 7] = G1[d + j + 1]
    }
    // G's array read now, as G1's: the optimiser moves params into its own memory after this engine is made
    const G2 = two.G.value
    heap[p / 8] = W2[0]
    heap[p / 8 + 1] = W2[1]
    heap[p / 8 + 2] = G2[0]
    heap[p / 8 + 3] = G2[1]
  }

  const resident = new WeakMap<Slice[], ((acc: Float64Array) => void) | null>()
  let residentBytes = 0

  /**
   * A fixed set (stable rows) copied once into a memory of its own with its logarithms (logAbs.wat, the
   * bits fillLogAbs gives) and targets, and an evaluation over it in place in the same blocks as the
   * copying path (the same sums); null if a set is not stable or the engine's budget is spent.
   */
  const residentSet = (set: Slice[]): ((acc: Float64Array) => void) | null => {
    let rows = 0
    for (const s of set) {
      if (!s.input.stable) return null
      rows += s.n
    }
    const bytes = rows * (2 * d + 1) * 8
    if (residentBytes + bytes > RESIDENT_MAX) return null
    residentBytes += bytes
    const rw = 0,
      rp = rw + 4 * d * 8,
      ro = rp + 32,
      rz = align(ro + 48),
      rc = rz + maxBatch * 48,
      rh = rc + maxBatch * 48,
      rhl = rh + maxBatch * 16,
      rt = align(rhl + maxBatch * 16),
      re = align(rt + TABLE_BYTES),
      rx = align(re + EXP_DATA.length * 8),
      rl = rx + rows * d * 8,
      ry = rl + rows * d * 8
    const { heap: rheap, forward: rforward, backward: rbackward, all: rlog } = naluStackOn(ry + rows * 8, rt, re)
    const blocks: [number, number][] = []
    let at = 0
    for (const s of set) {
      rheap.set(s.input.x.subarray(0, s.n * d), rx / 8 + at * d)
      rheap.set(s.y.subarray(0, s.n), ry / 8 + at)
      for (let start = 0; start < s.n; start += maxBatch) blocks.push([at + start, Math.min(maxBatch, s.n - start)])
      at += s.n
    }
    rlog(rx, rows * d, one.eps, rl)
    return (acc) => {
      weightsIn(rheap, rw, rp)
      for (const [first, k] of blocks) {
        rforward(rx + first * d * 8, rl + first * d * 8, k, d, rw, rz, rh, re)
        rlog(rh, 2 * k, two.eps, rhl)
        rbackward(rz, rc, rh, rhl, ry + first * 8, k, re, rp, ro, 0, two.eps)
        acc[0] += rheap[ro / 8]
      }
    }
  }

  return {
    home: { memory },
    lossAndGrad(batch) {
      const x = batch.input.x
      const n = batch.n
      const t = batch.y
      if (x.buffer !== memory.buffer || x.byteOffset !== batchAt || t.buffer !== memory.buffer || n > maxBatch)
        return generic.lossAndGrad(batch)
      model.zeroGrad()
      if (!(tryNearOne && nearOne(batchAt, n * d, one.eps, l))) {
        tryNearOne = false
        logAbs(batchAt, n * d, one.eps, l)
      }
      weightsIn(heap, w, p)
      forward(batchAt, l, n, d, w, z, h, e)
      logAbs(h, 2 * n, two.eps, hl)
      backward(z, c, h, hl, t.byteOffset, n, e, p, o, 2 / n, two.eps)
      gwView.fill(0)
      ggView.fill(0)
      grads(batchAt, l, n, d, c, gw, gg)
      one.chainW(gwView)
      const gG1 = one.G.grad
      for (let i = 0; i < 2 * d; i++) gG1[i] += ggView[i]
      dW2[0] = out[1]
      dW2[1] = out[2]
      two.chainW(dW2)
      two.G.grad[0] += out[3]
      two.G.grad[1] += out[4]
      return out[0] / n
    },
    // the fixed sets in blocks of maxBatch rows, the batch's passes, the way back's terms unused
    // (scale 0): the generic path's numbers to 1e-12 (tested). Read in place where the set is resident
    // (residentSet), else its blocks copied in with their (cached) logarithms.
    squaredErrors(set, acc) {
      let kept = resident.get(set)
      if (kept === undefined) resident.set(set, (kept = residentSet(set)))
      if (kept) return kept(acc)
      weightsIn(heap, w, p)
      for (const s of set) {
        const x = s.input.x,
          L = s.input.derived(logKey, one.eps, fillLogAbs)
        for (let start = 0; start < s.n; start += maxBatch) {
          const rows = Math.min(maxBatch, s.n - start)
          heap.set(x.subarray(start * d, (start + rows) * d), ex / 8)
          heap.set(L.subarray(start * d, (start + rows) * d), el / 8)
          heap.set(s.y.subarray(start, start + rows), ey / 8)
          forward(ex, el, rows, d, w, z, h, e)
          logAbs(h, 2 * rows, two.eps, hl)
          backward(z, c, h, hl, ey, rows, e, p, o, 0, two.eps)
          acc[0] += out[0]
        }
      }
    },
    sync: () => model.refresh(),
    dispose() {}
  }
}
