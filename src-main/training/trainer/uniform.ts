import { wasmApi, type WasmMemory } from '../kernels/wasmApi'
import type { Rng } from '../rng'
import uniformWat from './uniform.wat'

const LANES = 8
/** bytes of generator state at the start of the memory; the values follow */
export const STATE_BYTES = 128
/** draws per lane discarded after seeding, as Rng does */
const WARM_UP = 12
const PAGE = 65536

type Fill = (out: number, count: number, lo: number, scale: number) => void

/** Bytes of a stream of `size` values (state, then values), before its owner's `tail` bytes. */
export function streamBytes(size: number): number {
  return STATE_BYTES + Math.max(Math.ceil(size / LANES) * LANES, WARM_UP * LANES) * 8
}

/**
 * A buffer of `size` values refilled with U[lo, hi) from eight interleaved sfc32 streams (value
 * 8k + l is lane l's k-th 32-bit draw, scaled; resolution span·2⁻³², finer than the float32 data
 * of the reference code). WebAssembly SIMD where there is one, else the same generator in JS: the
 * same seed gives the same values on both. `values` is a view on the generator's own memory
 * (allocated once, never grown), so a fill costs no copy.
 */
export class UniformStream {
  readonly values: Float64Array
  /** the WebAssembly memory the values live in (null for the JS generator) */
  readonly memory: WasmMemory | null
  /** byte offset of the `tail` bytes reserved after the values, for the owner's use */
  readonly tailAt: number
  private readonly state: Int32Array
  private readonly fillWasm: Fill | null

  /**
   * `home`: a memory to draw into (its first streamBytes(size) + tail bytes are then this stream's),
   * else one of its own; `tail` bytes after the values are left to the owner (targets, say).
   */
  constructor(
    readonly size: number,
    seedFrom: Rng,
    useWasm = true,
    home?: WasmMemory,
    tail = 0
  ) {
    const padded = Math.ceil(size / LANES) * LANES
    this.tailAt = streamBytes(size)
    const bytes = this.tailAt + tail
    const api = useWasm ? wasmApi : null
    let buffer: ArrayBuffer
    let fill: Fill | null = null
    let memory: WasmMemory | null = null
    if (api) {
      memory = home ?? new api.Memory({ initial: Math.ceil(bytes / PAGE) })
      if (memory.buffer.byteLength < bytes)
        throw new Error(`the sampler's memory holds ${memory.buffer.byteLength} bytes, fewer than the ${bytes} it needs`)
      fill = new api.Instance(new api.Module(uniformWat), { env: { mem: memory } }).exports.fill as Fill
      buffer = memory.buffer
    } else {
      buffer = new ArrayBuffer(bytes)
    }
    this.memory = memory
    this.fillWasm = fill
    this.state = new Int32Array(buffer, 0, 4 * LANES)
    // a, b, c, d of each lane from the seeded stream, then sfc32's usual 12 discarded rounds
    for (let i = 0; i < 4 * LANES; i++) this.state[i] = seedFrom.u32() | 0
    this.values = new Float64Array(buffer, STATE_BYTES, Math.max(padded, WARM_UP * LANES)).subarray(0, padded)
    this.fill(0, 1, WARM_UP * LANES)
    this.values.fill(0)
  }

  /** Refills values[0, size) with U[lo, hi). */
  next(lo: number, hi: number): Float64Array {
    this.fill(lo, hi, this.values.length)
    return this.values
  }

  private fill(lo: number, hi: number, count: number): void {
    const scale = (hi - lo) / 4294967296
    if (this.fillWasm) return this.fillWasm(STATE_BYTES, count, lo, scale)
    fillJs(this.state, new Float64Array(this.values.buffer, STATE_BYTES, count), count, lo, scale)
  }
}

/** The WebAssembly fill's generator in JS, lane for lane (lane l's state: set l >> 2, position l & 3). */
export function fillJs(st: Int32Array, out: Float64Array, count: number, lo: number, scale: number): void {
  for (let l = 0; l < LANES; l++) {
    const at = (l >> 2) * 16 + (l & 3)
    let a = st[at],
      b = st[at + 4],
      c = st[at + 8],
      d = st[at + 12]
    for (let i = l; i < count; i += LANES) {
      const t = (((a + b) | 0) + d) | 0
      d = (d + 1) | 0
      a = b ^ (b >>> 9)
      b = (c + (c << 3)) | 0
      c = (((c << 21) | (c >>> 11)) + t) | 0
      out[i] = lo + (t >>> 0) * scale
    }
    st[at] = a
    st[at + 4] = b
    st[at + 8] = c
    st[at + 12] = d
  }
}
