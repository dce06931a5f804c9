import { LN2, P } from '../models/logTable'

/*
 * The NALU stack's vector exp (naluStack.wat, $expSweep): for |x| ≤ 704, n = round(x·128/ln2) (the
 * 1.5·2⁵² shifter), x = (n/128)·ln2 + r with r = (x − n·L_hi) − n·L_lo, |r| ≤ ln2/256 (x − n·L_hi is
 * exact: L_hi = ln2/128 to 36 bits, |n| < 2¹⁷, Sterbenz), and
 *   e^x = 2^floor(n/128) · 2^(j/128) · e^r,  j = n mod 128,
 * with 2^(j/128) = s_hi + s_lo from this table and e^r − 1 = r + r²·(1/2 + r/6 + r²·(1/24 + r/120))
 * (Estrin; the Taylor remainder is under r⁶/720 < 2⁻⁶⁰); the result s_hi + (s_lo + s_hi·(e^r − 1)), its
 * exponent field raised by floor(n/128) as an integer (704 keeps every result normal). Error: one rounding
 * of a value good to about 2⁻⁶⁰ relative, so within 0.51 ulp of e^x (test/main/training/trainer/
 * naluExp.test.ts measures it against exactExp below). Larger |x|, infinities and NaN: Math.exp.
 */

const ONE = 1n << P
const ENTRIES = 128

/** e^v for a P-bit fixed-point v with |v| ≤ 1, in P-bit fixed point (Taylor series). */
function fixedExp(v: bigint): bigint {
  let sum = ONE
  for (let term = ONE, i = 1n; term !== 0n; i++) {
    term = (term * v) / ONE / i
    sum += term
  }
  return sum
}

/** A P-bit fixed-point value as the nearest double. */
const toDouble = (f: bigint): number => Number(f) / 2 ** Number(P)

/** A finite double exactly in P-bit fixed point (bits below 2⁻ᴾ dropped). */
function toFixed(x: number): bigint {
  if (x === 0) return 0n
  const bits = new DataView(new ArrayBuffer(8))
  bits.setFloat64(0, Math.abs(x))
  const b = bits.getBigUint64(0)
  const e = Number(b >> 52n)
  const m = (b & 0xfffffffffffffn) | (e === 0 ? 0n : 1n << 52n)
  // |x| = m · 2^(max(e, 1) − 1075)
  const shift = BigInt(Math.max(e, 1) - 1075) + P
  const f = shift >= 0n ? m << shift : m >> -shift
  return x < 0 ? -f : f
}

const roundDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? (2n * a + b) / (2n * b) : -((-2n * a + b) / (2n * b)))

/** Above this |x| the vector exp hands a pair to Math.exp. */
export const EXP_LIMIT = 704

let built: Float64Array | undefined

/**
 * What $expSweep reads from the kernel's memory: [s_hi, s_lo] × 128 (2^(j/128)), then f64x2 pairs:
 * EXP_LIMIT, 128/ln2, the shifter 1.5·2⁵², L_hi, L_lo, 1/2, 1/6, 1/24, 1/120 and the exponent mask.
 */
export function expData(): Float64Array {
  // a copy each time (callers may write theirs); the BigInt arithmetic once per process: a training
  // process asked for it once per run and NAC, ≈ 3 ms each
  built ??= buildExpData()
  return built.slice()
}

function buildExpData(): Float64Array {
  const data = new Float64Array(2 * ENTRIES + 2 * 10)
  for (let j = 0; j < ENTRIES; j++) {
    const s = fixedExp((LN2 * BigInt(j)) / BigInt(ENTRIES))
    const hi = toDouble(s)
    data.set([hi, toDouble(s - toFixed(hi))], 2 * j)
  }
  const l = LN2 / BigInt(ENTRIES)
  // L_hi: ln2/128 to a multiple of 2⁻⁴³ (36 significant bits), so n·L_hi is exact for |n| < 2¹⁷
  const unit = 1n << (P - 43n)
  const lHi = roundDiv(l, unit) * unit
  const consts = [EXP_LIMIT, ENTRIES / toDouble(LN2), 1.5 * 2 ** 52, toDouble(lHi), toDouble(l - lHi), 1 / 2, 1 / 6, 1 / 24, 1 / 120]
  consts.forEach((c, i) => data.set([c, c], 2 * ENTRIES + 2 * i))
  new BigUint64Array(data.buffer, (2 * ENTRIES + 18) * 8, 2).set([0xfff0000000000000n, 0xfff0000000000000n])
  return data
}

/** e^x = 2^k · v: k and v in P-bit fixed point (exact to about 2⁻¹⁴⁰), v = e^r in [0.70, 1.42]. */
function splitExp(x: number): { k: number; v: bigint } {
  const f = toFixed(x)
  const k = roundDiv(f, LN2)
  return { k: Number(k), v: fixedExp(f - k * LN2) }
}

/** e^x correctly rounded, where e^x is a normal double: the tests' reference. */
export function exactExp(x: number): number {
  const { k, v } = splitExp(x)
  // Number() rounds to nearest; the powers of two are exact
  return toDouble(v) * 2 ** k
}

/** |y − e^x| in units in the last place of e^x, exactly (y a normal double near e^x): the tests' measure of an exp's error. */
export function expErrorUlps(x: number, y: number): number {
  const { k, v } = splitExp(x)
  // y·2⁻ᵏ is exact (a power of two) and near v, whose ulp is 2⁻⁵² in [1, 2) and 2⁻⁵³ below
  const diff = toFixed(y * 2 ** -k) - v
  return Math.abs(toDouble(diff)) / 2 ** (v >= ONE ? -52 : -53)
}
