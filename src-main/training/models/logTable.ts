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

/** log(m / 2^53)·2^P for m / 2^53 in [0.5, 2.02], by 2·atanh((c − 1)/(c + 1)). */
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

/** Intervals of the near-one table per unit of x below 2 (width 2⁻⁹), and the entries used: c up to 2 + 2⁻⁷ (x below 2 + 2⁻⁷). */
export const NEAR_ONE_STEPS = 512
export const NEAR_ONE_ENTRIES = NEAR_ONE_STEPS + 3
/** Entries the near-one table is padded to, so that a masked index stays inside it. */
export const NEAR_ONE_PADDED = 1024

/** Veltkamp's split of a double into two halves of 26 bits, for the exact product below. */
function split(a: number): [number, number] {
  const t = 134217729 * a
  const hi = t - (t - a)
  return [hi, a - hi]
}

/** a·b − 1 exactly (Dekker's product, exact in any IEEE double arithmetic), for a·b within 2⁻⁵⁰ of 1. */
function productLessOne(a: number, b: number): number {
  const p = a * b
  const [ah, al] = split(a),
    [bh, bl] = split(b)
  return p - 1 + (ah * bh - p + ah * bl + al * bh + al * bl)
}

/**
 * The double within 2⁻⁴¹ of `centre` whose rounded reciprocal is nearest exact (Gal's accurate tables;
 * ties to the first in the order tried): r = (x − c)·(1/c) then carries its own rounding and at most
 * a fifteenth of an ulp from 1/c's, instead of up to a further ulp of the results just above 1 + 2⁻¹⁰.
 */
function accurateC(centre: number): number {
  const unit = centre < 2 ? 2 ** -52 : 2 ** -51
  let best = centre,
    off = Math.abs(productLessOne(centre, 1 / centre))
  for (let j = 1; j <= 1024 && off > 2 ** -62; j++) {
    for (const c of [centre + j * unit, centre - j * unit]) {
      const o = Math.abs(productLessOne(c, 1 / c))
      if (o < off) [best, off] = [c, o]
    }
  }
  return best
}

/**
 * The table of the log's path for arguments in [1 − 2⁻¹¹, 2 + 2⁻⁷) (logAbs.wat `logNearOne`): x's bit
 * pattern cut into 512 intervals per binade around c ≈ 1 + i/512 below 2 (the first from 1 − 2⁻¹¹)
 * and c ≈ 2 + (i − 512)/256 above (the binade's intervals are twice as wide there), c as accurateC
 * picks it, entries as logTable's. Four times finer than logTable's, so |r| ≤ 2⁻¹⁰ and a polynomial
 * of degree 3 suffices.
 */
export function nearOneTable(): Float64Array {
  const t = new Float64Array(NEAR_ONE_PADDED * ENTRY)
  for (let i = 0; i < NEAR_ONE_ENTRIES; i++)
    t.set(entry(accurateC(i <= NEAR_ONE_STEPS ? 1 + i / NEAR_ONE_STEPS : 2 + (i - NEAR_ONE_STEPS) / (NEAR_ONE_STEPS / 2))), i * ENTRY)
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
