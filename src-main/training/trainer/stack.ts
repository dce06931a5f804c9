import type { Model } from '../models/model'
import { wasmApi, type WasmMemory, type WasmModule } from '../kernels/wasmApi'
import type { Slice } from './batches'
import type { Engine } from './engine'
import { fusedEngine } from './fused'
import stackWat from './stack.wat'
import { STATE_BYTES, streamBytes } from './uniform'

type Run = (
  x: number,
  n: number,
  d: number,
  y: number,
  w1: number,
  w2: number,
  g1: number,
  g2: number,
  dh: number,
  nmu: number,
  train: number,
  scale: number,
  acc: number
) => number

const PAGE = 65536
const align = (bytes: number) => Math.ceil(bytes / 16) * 16

let compiled: WasmModule | undefined
function stackModule(): WasmModule {
  if (!wasmApi) throw new Error('WebAssembly is not available')
  compiled ??= new wasmApi.Module(stackWat)
  return compiled
}

/** Where fresh batches should be drawn so that the stack kernel reads them in place. */
export interface BatchHome {
  memory: WasmMemory
}

/**
 * The paper's two-layer stacks (NAU → NAU, NAU → NMU; d → 2 → 1, d a multiple of 4) as one
 * WebAssembly SIMD pass per batch (stack.wat): forward, MSE and both layers' gradients, reading the
 * fresh batch where the sampler drew it (`home`, the memory it is told to use), and the evaluation
 * sets from a copy made once. Other batches (the 'epochs' schedule's) take the generic fused path.
 * Null for any other model, or where the run's kernels are plain JS (the two paths stay comparable).
 */
export function stackEngine(model: Model, maxBatch: number): (Engine & { home: BatchHome }) | null {
  const kinds = model.spec.units.map((u) => u.kind).join('→')
  const d = model.inDim
  if (!wasmApi || model.kernels.name !== 'wasm-simd' || model.units.length !== 2 || model.outDim !== 1) return null
  if (kinds !== 'nau→nau' && kinds !== 'nau→nmu') return null
  if (model.units[0].outDim !== 2 || d % 4 !== 0) return null
  const api = wasmApi
  const nmu = kinds === 'nau→nmu' ? 1 : 0
  const [W1, W2] = [model.units[0].params[0], model.units[1].params[0]]
  const generic = fusedEngine(model, maxBatch)

  // the training memory: [state | batch | its targets (as FreshBatches lays them out) | w1 w2 g1 g2 y dh]; never grown
  const batchAt = STATE_BYTES
  const w1 = align(streamBytes(maxBatch * d) + maxBatch * 8)
  const w2 = align(w1 + 2 * d * 8),
    g1 = align(w2 + 16),
    g2 = align(g1 + 2 * d * 8)
  const y = align(g2 + 16),
    dh = align(y + maxBatch * 8),
    end = dh + 2 * maxBatch * 8
  const memory = new api.Memory({ initial: Math.ceil(end / PAGE) })
  const heap = new Float64Array(memory.buffer)
  const trainRun = new api.Instance(stackModule(), { env: { mem: memory } }).exports.run as Run
  // views made once (the memory never grows): no allocation per batch
  const g1View = heap.subarray(g1 / 8, g1 / 8 + 2 * d),
    g2View = heap.subarray(g2 / 8, g2 / 8 + 2)

  // the evaluation memory: w1 and w2 at its start, then each evaluated set's rows and targets, copied in once
  const ew1 = 0,
    ew2 = align(2 * d * 8)
  let evalMem: WasmMemory | null = null
  let evalHeap = heap
  let evalRun: Run | null = null
  let evalTop = 0
  const placed = new Map<Slice[], { x: number; y: number }[]>()
  const place = (set: Slice[]): { x: number; y: number }[] => {
    let at = placed.get(set)
    if (at) return at
    if (!evalMem) {
      evalMem = new api.Memory({ initial: 1 })
      evalRun = new api.Instance(stackModule(), { env: { mem: evalMem } }).exports.run as Run
      evalTop = align(ew2 + 16)
    }
    const mem = evalMem
    const need = set.reduce((s, sl) => s + align(sl.n * d * 8) + align(sl.n * 8), 0)
    const grow = evalTop + need - mem.buffer.byteLength
    if (grow > 0) mem.grow(Math.ceil(grow / PAGE))
    evalHeap = new Float64Array(mem.buffer)
    at = set.map((sl) => {
      const x = evalTop
      evalHeap.set(sl.input.x.subarray(0, sl.n * d), x / 8)
      const yAt = align(x + sl.n * d * 8)
      evalHeap.set(sl.y.subarray(0, sl.n), yAt / 8)
      evalTop = align(yAt + sl.n * 8)
      return { x, y: yAt }
    })
    placed.set(set, at)
    return at
  }

  return {
    home: { memory },
    lossAndGrad(batch) {
      const x = batch.input.x
      if (x.buffer !== memory.buffer || x.byteOffset !== batchAt || batch.n > maxBatch) return generic.lossAndGrad(batch)
      heap.set(W1.value, w1 / 8)
      heap.set(W2.value, w2 / 8)
      const n = batch.n
      // the targets too are read where the sampler wrote them, if it did so in this memory
      const t = batch.y.buffer === memory.buffer ? batch.y.byteOffset : y
      if (t === y) heap.set(batch.y.subarray(0, n), y / 8)
      const sum = trainRun(batchAt, n, d, t, w1, w2, g1, g2, dh, nmu, 1, 2 / n, 0)
      W1.grad.set(g1View)
      W2.grad.set(g2View)
      return sum / n
    },
    squaredErrors(set, acc) {
      const at = place(set)
      evalHeap.set(W1.value, ew1 / 8)
      evalHeap.set(W2.value, ew2 / 8)
      const run = evalRun as Run
      for (let i = 0; i < set.length; i++) acc[0] = run(at[i].x, set[i].n, d, at[i].y, ew1, ew2, 0, 0, 0, nmu, 0, 0, acc[0])
    },
    sync: () => model.refresh(),
    dispose() {}
  }
}
