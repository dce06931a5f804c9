import { moveParam, type Param } from '../models/types'
import { simdModules } from './modules'
import { wasmApi, type WasmApi, type WasmMemory } from './wasmApi'

export interface AdamStep {
  (b1: number, b2: number, stepSize: number, c2: number, eps: number): void
}

type Kernel = (w: number, g: number, m: number, v: number, bytes: number, hp: number) => void

/**
 * Params that already live in a WebAssembly memory laid out as adam.wat steps them (a NAC's refresh
 * memory on the Float32 path: refresh32.ts), so that the code that reads and writes them between
 * two steps does so in place: their values from byte `w`, grads from `g`, moments from `m` and `v`,
 * `bytes` each (a multiple of 32, the padding zero), seven hyperparameters at `hp`.
 */
export interface AdamHome {
  mem: WasmMemory
  params: Param[]
  w: number
  g: number
  m: number
  v: number
  bytes: number
  hp: number
}

const homes = new WeakMap<Param, AdamHome>()

/** Registers a home: adoptForAdam steps its params where they are instead of moving them. */
export function homeForAdam(home: AdamHome): void {
  for (const p of home.params) homes.set(p, home)
}

/** Whether `p` already has a home (a NAC refresh memory's Ŵ and M̂ on the Float32 path). */
export function hasAdamHome(p: Param): boolean {
  return homes.has(p)
}

/**
 * A NAC refresh memory's layout (elementwise.ts, refresh32.ts), in slots of P weights: [Ŵ | M̂]
 * values at 0, their grads at 2, Adam's m at 4 and v at 6, then W, fa, fb, dW, and Adam's seven
 * hyperparameters.
 */
export const NAC_SLOTS = { What: 0, Mhat: 1, gW: 2, gM: 3, m: 4, v: 6, W: 8, fa: 9, fb: 10, dW: 11, hp: 12 } as const

/**
 * Moves Ŵ and M̂ (values and grads, `len` each) into a NAC refresh memory laid out by NAC_SLOTS,
 * `byte(k)` the byte offset of slot k, and makes it their Adam home: the refresh reads them and
 * Adam steps them there, with no copy between.
 */
export function adoptNacParams(mem: WasmMemory, What: Param, Mhat: Param, len: number, byte: (slot: number) => number): void {
  const view = (k: number) => new Float64Array(mem.buffer, byte(k), len)
  moveParam(What, view(NAC_SLOTS.What), view(NAC_SLOTS.gW))
  moveParam(Mhat, view(NAC_SLOTS.Mhat), view(NAC_SLOTS.gM))
  homeForAdam({
    mem,
    params: [What, Mhat],
    w: byte(NAC_SLOTS.What),
    g: byte(NAC_SLOTS.gW),
    m: byte(NAC_SLOTS.m),
    v: byte(NAC_SLOTS.v),
    bytes: byte(NAC_SLOTS.gW) - byte(NAC_SLOTS.What),
    hp: byte(NAC_SLOTS.hp)
  })
}

/**
 * Moves the params' values and grads into one WebAssembly memory (their Float64Arrays are replaced
 * by views on it, contents kept) and returns the in-place Adam step of adam.wat, which updates them
 * all in one call: `adam` (the JS loop's bits), or with `quotient32` the Float32 path's `adamQ32`
 * (the moments the same, the update's quotient in float32). Params with a home (homeForAdam) stay
 * in it, all of a home's params at once, and are stepped there by the same kernel: each element's
 * update is independent of the others, so the numbers are the same wherever it lives. The memory
 * never grows, so the views stay valid. Null only where a production build fell back to the JS kernels.
 */
export function adoptForAdam(params: Param[], quotient32 = false): AdamStep | null {
  const module = simdModules()?.adam
  if (!module || !wasmApi) return null
  const api = wasmApi
  const kernelOn = (mem: WasmMemory) => new api.Instance(module, { env: { mem } }).exports[quotient32 ? 'adamQ32' : 'adam'] as Kernel
  const inPlace = new Set<AdamHome>()
  for (const p of params) {
    const home = homes.get(p)
    // a home whose params all take part and still live there (another optimiser may have moved them)
    if (home && home.params.every((q) => params.includes(q) && q.value.buffer === home.mem.buffer)) inPlace.add(home)
  }
  const steps: ((hp: number[]) => void)[] = [...inPlace].map((home) => {
    let heap = new Float64Array(home.mem.buffer)
    // a new optimiser's moments start at 0, whatever an earlier one left there
    heap.fill(0, home.m / 8, (home.v + home.bytes) / 8)
    const kernel = kernelOn(home.mem)
    return (hp) => {
      // a home in the Float32 kernels' memory (operands32.ts, host) has a new buffer if that memory grew
      if (heap.buffer !== home.mem.buffer) heap = new Float64Array(home.mem.buffer)
      heap.set(hp, home.hp / 8)
      kernel(home.w, home.g, home.m, home.v, home.bytes, home.hp)
    }
  })
  const moved = params.filter((p) => {
    const home = homes.get(p)
    return !(home && inPlace.has(home))
  })
  if (moved.length > 0) steps.push(adopt(moved, api, kernelOn))
  return (b1, b2, stepSize, c2, eps) => {
    const hp = [b1, 1 - b1, b2, 1 - b2, stepSize, c2, eps]
    for (const step of steps) step(hp)
  }
}

/** The params moved into a memory of their own (placeParams' layout), stepped there. */
function adopt(params: Param[], api: WasmApi, kernelOn: (mem: WasmMemory) => Kernel): (hp: number[]) => void {
  const pages = Math.ceil(placedBytes(params) / 65536) || 1
  const mem = new api.Memory({ initial: pages, maximum: pages })
  const heap = new Float64Array(mem.buffer)
  const kernel = kernelOn(mem)
  const { home } = placeParams(mem, 0, params)
  return (hp) => {
    heap.set(hp, home.hp / 8)
    kernel(home.w, home.g, home.m, home.v, home.bytes, home.hp)
  }
}

/** Where placeParams puts each param, in elements from w (or g, m, v), and the length of each of those blocks. */
function layout(params: Param[]): { offsets: number[]; total: number } {
  // each parameter starts on a 16-byte boundary; the padding stays 0 and so does its update
  const offsets: number[] = []
  let total = 0
  for (const p of params) {
    offsets.push(total)
    total += p.value.length + (p.value.length & 1)
  }
  // a multiple of four elements, as adamQ32 steps (the padding's updates are 0)
  return { offsets, total: total + (total & 2) }
}

/** The bytes placeParams takes for `params`. */
export function placedBytes(params: Param[]): number {
  return (8 + 4 * layout(params).total) * 8
}

/**
 * Moves the params into `mem` from byte `at` (a multiple of 16), laid out for adam.wat: seven
 * hyperparameters, then the values (w), grads (g) and Adam's moments (m, v), a block each; contents
 * kept. Returns their home and `view`, which points the params at the same bytes of the memory's
 * current buffer again (after the memory grew and detached the old one).
 */
export function placeParams(mem: WasmMemory, at: number, params: Param[]): { home: AdamHome; view: () => void } {
  const { offsets, total } = layout(params)
  const hp = at,
    [w, g, m, v] = [1, 2, 3, 4].map((k) => at + (8 + (k - 1) * total) * 8)
  // the lengths now: a detached array's is 0
  const lengths = params.map((p) => p.value.length)
  const views = (i: number): [Float64Array, Float64Array] => [
    new Float64Array(mem.buffer, w + offsets[i] * 8, lengths[i]),
    new Float64Array(mem.buffer, g + offsets[i] * 8, lengths[i])
  ]
  params.forEach((p, i) => moveParam(p, ...views(i)))
  const view = () =>
    params.forEach((p, i) => {
      ;[p.value, p.grad] = views(i)
    })
  return { home: { mem, params, w, g, m, v, bytes: total * 8, hp }, view }
}
