import { EXP_LIMIT, expData } from '../trainer/expTable'

/*
 * The scalar twins of elementwise.wat's $exp, $tanh and $sigmoid, operation for operation (IEEE
 * add, mul, div are correctly rounded in both; 2^k·v is exact here, as the exponent-field add
 * there), so the JS kernels and the SIMD kernels give the same bits. Bounds, measured in
 * test/main/training/kernels/exp.test.ts: e^x within 0.51 ulp (the NALU stack's exp, expTable.ts),
 * tanh within 3 ulp of Math.tanh (itself within 1), σ within 2 ulp of 1/(1 + Math.exp(−x)).
 */

/** What elementwise.wat reads at $e: the exp's data, then the pairs 1, 2, 20 and 1 (as bits). */
export function elementwiseData(): Float64Array {
  const e = expData()
  const out = new Float64Array(e.length + 8)
  out.set(e)
  out.set([1, 1, 2, 2, 20, 20, 1, 1], e.length)
  return out
}

const D = expData()
const [INV_STEP, SHIFT, L_HI, L_LO, C2, C3, C4, C5] = [2, 4, 6, 8, 10, 12, 14, 16].map((i) => D[256 + i])
const HI = new Float64Array(128)
const LO = new Float64Array(128)
for (let j = 0; j < 128; j++) [HI[j], LO[j]] = [D[2 * j], D[2 * j + 1]]
/** 2^k for k in [−1024, 1023], at k + 1024 */
const POW2 = Float64Array.from({ length: 2048 }, (_, i) => 2 ** (i - 1024))

export function exp(x: number): number {
  if (!(Math.abs(x) <= EXP_LIMIT)) return Math.exp(x)
  const t = x * INV_STEP + SHIFT
  const n = t - SHIFT
  const r = x - n * L_HI - n * L_LO
  const j = n & 127
  const q = r * r
  const p = r + q * (C2 + r * C3 + q * (C4 + r * C5))
  return (HI[j] + (LO[j] + HI[j] * p)) * POW2[(n >> 7) + 1024]
}

export function tanh(x: number): number {
  if (x !== x) return x
  const a = Math.min(Math.abs(x), 20)
  const u = a + a
  const t = u * INV_STEP + SHIFT
  const n = t - SHIFT
  const r = u - n * L_HI - n * L_LO
  const j = n & 127,
    k = n >> 7
  const q = r * r
  const p = r + q * (C2 + r * C3 + q * (C4 + r * C5))
  const m = (HI[j] - POW2[1024 - k] + (LO[j] + HI[j] * p)) * POW2[k + 1024]
  const v = m / (m + 2)
  return x < 0 || Object.is(x, -0) ? -v : v
}

export function sigmoid(x: number): number {
  return 1 / (1 + exp(-x))
}
