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
export const P = 150n
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

/** ln 2 in P-bit fixed point */
export const LN2 = fixedLog(2n << 53n)
const bits = new DataView(new ArrayBuffer(8))
const toDouble = (b: bigint): number => (bits.setBigUint64(0, b), bits.getFloat64(0))
const toBits = (v: number): bigint => (bits.setFloat64(0, v), bits.getBigUint64(0))
const roundDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? (2n * a + b) / (2n * b) : -((-2n * a + b) / (2n * b)))

/** An entry [c, 1/c, head, tail] for an exact c in [0.5, 2]: log c = head + tail, head a multiple of 2⁻⁴³. */
function entry(c: number): number[] {
  const headUnit = 1n << (P - 43n)
  const l = fixedLog(BigInt(c * 2 ** 53))
  const head = roundDiv(l, headUnit)
  return [c, 1 / c, Number(head) / 2 ** 43, Number(l - head * headUnit) / 2 ** Number(P)]
}

/** [c, 1/c, head, tail] × 128, the same on every platform (integer arithmetic and exact roundings). */
export function logTable(): Float64Array {
  const t = new Float64Array(ENTRIES * ENTRY)
  for (let i = 0; i < ENTRIES; i++) t.set(entry(toDouble((BigInt(OFF_HI) << 32n) + (BigInt(i) << 45n) + (1n << 44n))), i * ENTRY)
  return t
}

/** Entries of the near-one table that are used (c = 1 + i/128, i ≤ 128); it is padded to 256 so a masked index stays inside. */
export const NEAR_ONE_ENTRIES = 129

/**
 * The table of the log's path for arguments in [1 − 2⁻⁹, 2 + 2⁻⁷) (logAbs.wat `logNearOne`): x itself cut
 * into intervals of width 2⁻⁷ centred on c = 1 + i/128 (the first from 1 − 2⁻⁹), entries as logTable's.
 * Its entries 0–63 are logTable's 64–127 (there k = 0 and z = x), so both paths give the same bits
 * below 1.496.
 */
export function nearOneTable(): Float64Array {
  const t = new Float64Array(256 * ENTRY)
  for (let i = 0; i < NEAR_ONE_ENTRIES; i++) t.set(entry(1 + i / 128), i * ENTRY)
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
