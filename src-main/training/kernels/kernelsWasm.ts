import { wasmApi, type WasmModule } from './wasmApi'
import { assemble, Fn, op } from './wasmAsm'

/**
 * The source of the WebAssembly kernels: the three products of js.ts, blocked 4 rows × 2 columns
 * with f64x2 SIMD along the contiguous dimension. They cover the blocked part only (n a multiple
 * of 4, m of 2, k even); the caller does the edges in JS. Pointers are byte offsets into env.mem;
 * `ld` is the row stride (in elements) of C for gemmNT, of D for the two others.
 */
const ROWS = [0, 1, 2, 3]
const COLS = [0, 1]

/** address local `dst` = base + idx·stride (all locals) */
function addr(f: Fn, dst: string, base: string, idx: string, stride: string): void {
  f.emit(op.get(f.l(base)), op.get(f.l(idx)), op.get(f.l(stride)), op.mul, op.add, op.set(f.l(dst)))
}

function next(f: Fn, dst: string, prev: string, stride: string): void {
  f.emit(op.get(f.l(prev)), op.get(f.l(stride)), op.add, op.set(f.l(dst)))
}

function bytes(f: Fn, dst: string, count: string): void {
  f.emit(op.get(f.l(count)), op.i32(8), op.mul, op.set(f.l(dst)))
}

function load(f: Fn, dst: string, base: string): void {
  f.emit(op.get(f.l(base)), op.get(f.l('jb')), op.add, op.vLoad, op.set(f.l(dst)))
}

/** dst = splat(D[(r + i)·ld + o + t]) */
function splatD(f: Fn, dst: string, i: number, t: number): void {
  f.emit(op.get(f.l('D')), op.get(f.l('r')), op.i32(i), op.add, op.get(f.l('ldb')), op.mul, op.add)
  f.emit(op.get(f.l('o')), op.i32(t), op.add, op.i32(8), op.mul, op.add, op.f64Load, op.splat, op.set(f.l(dst)))
}

function gemmNT(): Fn {
  const f = new Fn('gemmNT', ['A', 'n', 'k', 'B', 'm', 'C', 'ld'])
  f.locals(['kb', 'ldb', 'r', 'o', 'jb', 'a0', 'a1', 'a2', 'a3', 'b0', 'b1'], [...ROWS.flatMap((i) => COLS.map((t) => `s${i}${t}`)), 'u', 'v', 'p'])
  bytes(f, 'kb', 'k')
  bytes(f, 'ldb', 'ld')
  f.forStep('r', 4, 'n', () => {
    addr(f, 'a0', 'A', 'r', 'kb')
    for (const i of [1, 2, 3]) next(f, `a${i}`, `a${i - 1}`, 'kb')
    f.forStep('o', 2, 'm', () => {
      addr(f, 'b0', 'B', 'o', 'kb')
      next(f, 'b1', 'b0', 'kb')
      for (const i of ROWS) for (const t of COLS) f.emit(op.vZero, op.set(f.l(`s${i}${t}`)))
      f.forStep('jb', 16, 'kb', () => {
        load(f, 'u', 'b0')
        load(f, 'v', 'b1')
        for (const i of ROWS) {
          load(f, 'p', `a${i}`)
          for (const [t, w] of [[0, 'u'], [1, 'v']] as const) {
            const s = f.l(`s${i}${t}`)
            f.emit(op.get(s), op.get(f.l('p')), op.get(f.l(w)), op.vMul, op.vAdd, op.set(s))
          }
        }
      })
      for (const i of ROWS) {
        for (const t of COLS) {
          const s = f.l(`s${i}${t}`)
          f.emit(op.get(f.l('C')), op.get(f.l('r')), op.i32(i), op.add, op.get(f.l('ldb')), op.mul, op.add)
          f.emit(op.get(f.l('o')), op.i32(t), op.add, op.i32(8), op.mul, op.add)
          f.emit(op.get(s), op.lane(0), op.get(s), op.lane(1), op.f64Add, op.f64Store)
        }
      }
    })
  })
  return f
}

function gemmTNAcc(): Fn {
  const f = new Fn('gemmTNAcc', ['D', 'n', 'm', 'A', 'k', 'C', 'ld'])
  f.locals(['kb', 'ldb', 'r', 'o', 'jb', 'a0', 'a1', 'a2', 'a3', 'c0', 'c1', 'c'], [...ROWS.flatMap((i) => COLS.map((t) => `d${i}${t}`)), 'p0', 'p1', 'p2', 'p3'])
  bytes(f, 'kb', 'k')
  bytes(f, 'ldb', 'ld')
  f.forStep('o', 2, 'm', () => {
    addr(f, 'c0', 'C', 'o', 'kb')
    next(f, 'c1', 'c0', 'kb')
    f.forStep('r', 4, 'n', () => {
      for (const i of ROWS) for (const t of COLS) splatD(f, `d${i}${t}`, i, t)
      addr(f, 'a0', 'A', 'r', 'kb')
      for (const i of [1, 2, 3]) next(f, `a${i}`, `a${i - 1}`, 'kb')
      f.forStep('jb', 16, 'kb', () => {
        for (const i of ROWS) load(f, `p${i}`, `a${i}`)
        for (const t of COLS) {
          f.emit(op.get(f.l(`c${t}`)), op.get(f.l('jb')), op.add, op.set(f.l('c')))
          f.emit(op.get(f.l('c')), op.get(f.l('c')), op.vLoad)
          for (const i of ROWS) f.emit(op.get(f.l(`d${i}${t}`)), op.get(f.l(`p${i}`)), op.vMul, op.vAdd)
          f.emit(op.vStore)
        }
      })
    })
  })
  return f
}

function gemmNN(): Fn {
  const f = new Fn('gemmNN', ['D', 'n', 'm', 'B', 'k', 'C', 'ld'])
  f.locals(['kb', 'ldb', 'r', 'o', 'jb', 'c0', 'c1', 'c2', 'c3', 'b0', 'b1', 'c'], [...ROWS.flatMap((i) => COLS.map((t) => `d${i}${t}`)), 'u', 'v'])
  bytes(f, 'kb', 'k')
  bytes(f, 'ldb', 'ld')
  f.forStep('r', 4, 'n', () => {
    addr(f, 'c0', 'C', 'r', 'kb')
    for (const i of [1, 2, 3]) next(f, `c${i}`, `c${i - 1}`, 'kb')
    f.forStep('o', 2, 'm', () => {
      for (const i of ROWS) for (const t of COLS) splatD(f, `d${i}${t}`, i, t)
      addr(f, 'b0', 'B', 'o', 'kb')
      next(f, 'b1', 'b0', 'kb')
      f.forStep('jb', 16, 'kb', () => {
        load(f, 'u', 'b0')
        load(f, 'v', 'b1')
        for (const i of ROWS) {
          f.emit(op.get(f.l(`c${i}`)), op.get(f.l('jb')), op.add, op.set(f.l('c')))
          f.emit(op.get(f.l('c')), op.get(f.l('c')), op.vLoad)
          f.emit(op.get(f.l(`d${i}0`)), op.get(f.l('u')), op.vMul, op.vAdd)
          f.emit(op.get(f.l(`d${i}1`)), op.get(f.l('v')), op.vMul, op.vAdd, op.vStore)
        }
      })
    })
  })
  return f
}

let compiled: WasmModule | null | undefined

/** The compiled kernels, or null where WebAssembly SIMD is unavailable. Compiled once a process. */
export function kernelModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = wasmApi ? new wasmApi.Module(assemble([gemmNT(), gemmTNAcc(), gemmNN()])) : null
    } catch {
      compiled = null
    }
  }
  return compiled
}
