/*
 * The table behind the engine's log (logAbs.ts, logAbs.wat), and exact logarithms to build it and
 * test against. A positive normal x is reduced to x = 2^k · z with z in [0.749, 1.496), split in
 * 128 intervals of equal width in z's bit pattern; interval i has its midpoint c (exact), 1/c
 * rounded, and log c as a head (a multiple of 2⁻⁴³, so k·ln2_hi + head is exact) plus a tail.
 * Interval 64 is centred on 1 (c = 1), so near x = 1 the reduced argument is exact.
 */

/** the high word of the reduction's offset: z's bit pattern starts at 0x3fe7f000_00000000 (z ≥ 0.749) */
export const OFF_HI = 0x3fe7f000
/** doubles per table entry: c, 1/c, head of log c, tail of log c */
export const ENTRY = 4
export const ENTRIES = 128

/** Fixed-point fraction bits of the exact logarithms: their error is far below a double's. */
const P = 150n
const ONE = 1n << P

/** log(m / 2^53)·2^P for m / 2^53 in [0.5, 2], by 2·atanh((c − 1)/(c + 1)). */
function fixedLog(m: bigint): bigint {
  const d = 1n << 53n
  const s = ((m - d) * ONE) / (m + d)
  const s2 = (s * s) / ONE
  let sum = 0n
  for (let term = s, j = 1n; term !== 0n; j += 2n, term = (term * s2) / ONE) sum += term / j
  return 2n * sum
}

const LN2 = fixedLog(2n << 53n)
const bits = new DataView(new ArrayBuffer(8))
const toDouble = (b: bigint): number => (bits.setBigUint64(0, b), bits.getFloat64(0))
const toBits = (v: number): bigint => (bits.setFloat64(0, v), bits.getBigUint64(0))
const roundDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? (2n * a + b) / (2n * b) : -((-2n * a + b) / (2n * b)))

/** [c, 1/c, head, tail] × 128, the same on every platform (integer arithmetic and exact roundings). */
export function logTable(): Float64Array {
  const t = new Float64Array(ENTRIES * ENTRY)
  const headUnit = 1n << (P - 43n)
  for (let i = 0; i < ENTRIES; i++) {
    const c = toDouble((BigInt(OFF_HI) << 32n) + (BigInt(i) << 45n) + (1n << 44n))
    const l = fixedLog(BigInt(c * 2 ** 53))
    const head = roundDiv(l, headUnit)
    t.set([c, 1 / c, Number(head) / 2 ** 43, Number(l - head * headUnit) / 2 ** Number(P)], i * ENTRY)
  }
  return t
}

/** log x correctly rounded (to 2⁻¹⁵⁰ before the rounding), for a positive normal finite x: the tests' reference. */
export function exactLog(x: number): number {
  const b = toBits(x)
  const e = Number((b >> 52n) & 0x7ffn) - 1023
  // x = 2^e · m/2^53, m/2^53 in [1, 2)
  const m = ((b & 0xfffffffffffffn) | (1n << 52n)) << 1n
  const fixed = BigInt(e) * LN2 + fixedLog(m)
  return Number(fixed) / 2 ** Number(P)
}
