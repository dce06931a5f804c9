/**
 * Just enough of the WebAssembly binary format to assemble our few kernels at run time, so the
 * engine needs no compiler toolchain and ships no binary: the kernels' source is kernelsWasm.ts.
 */

export const I32 = 0x7f
export const V128 = 0x7b

function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n) b |= 0x80
    out.push(b)
  } while (n)
  return out
}

function sleb(n: number): number[] {
  const out: number[] = []
  for (;;) {
    const b = n & 0x7f
    n >>= 7
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b)
      return out
    }
    out.push(b | 0x80)
  }
}

const simd = (code: number): number[] => [0xfd, ...uleb(code)]

/** Instructions, as byte arrays to concatenate. Memory accesses are 8-byte aligned hints. */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  add: [0x6a],
  mul: [0x6c],
  gtS: [0x4a],
  geS: [0x4e],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  f64Load: [0x2b, 3, 0],
  f64Store: [0x39, 3, 0],
  f64Add: [0xa0],
  vLoad: [...simd(0x00), 3, 0],
  vStore: [...simd(0x0b), 3, 0],
  vZero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
  splat: simd(0x14),
  lane: (l: number) => [...simd(0x21), l],
  vAdd: simd(0xf0),
  vSub: simd(0xf1),
  vMul: simd(0xf2),
  vDiv: simd(0xf3),
  vSqrt: simd(0xef)
}

/** A function of i32 parameters, with i32 and v128 locals allocated by name. */
export class Fn {
  readonly code: number[] = []
  private readonly i32s: string[] = []
  private readonly v128s: string[] = []
  constructor(readonly name: string, readonly params: string[]) {}

  /** The index of a named parameter or local; v128 locals come after the i32 ones. */
  l(name: string): number {
    const p = this.params.indexOf(name)
    if (p >= 0) return p
    const i = this.i32s.indexOf(name)
    if (i >= 0) return this.params.length + i
    const v = this.v128s.indexOf(name)
    if (v >= 0) return this.params.length + this.i32s.length + v
    throw new Error(`wasm kernel ${this.name}: no local ${name}`)
  }

  locals(i32: string[], v128: string[]): this {
    this.i32s.push(...i32)
    this.v128s.push(...v128)
    return this
  }

  emit(...parts: (number[] | number)[]): this {
    for (const p of parts) typeof p === 'number' ? this.code.push(p) : this.code.push(...p)
    return this
  }

  /** for (name = 0; name + step <= limit; name += step) body — limit is a local. */
  forStep(name: string, step: number, limit: string, body: () => void): this {
    this.emit(op.i32(0), op.set(this.l(name)), op.block, op.loop)
    this.emit(op.get(this.l(name)), op.i32(step), op.add, op.get(this.l(limit)), op.gtS, op.brIf(1))
    body()
    this.emit(op.get(this.l(name)), op.i32(step), op.add, op.set(this.l(name)), op.br(0), op.end, op.end)
    return this
  }

  body(): number[] {
    const decl = [...uleb(2), ...uleb(this.i32s.length), I32, ...uleb(this.v128s.length), V128]
    const bytes = [...decl, ...this.code, 0x0b]
    return [...uleb(bytes.length), ...bytes]
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes]
const name = (s: string): number[] => vec([...new TextEncoder().encode(s)].map((b) => [b]))

/** A module importing its memory as env.mem and exporting each function under its name. */
export function assemble(fns: Fn[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(f.params.map(() => [I32])), 0])
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('mem'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(fns.map((f) => f.body())))
  ])
}
