/**
 * Seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state) seeded
 * through splitmix32, so that nearby seeds give unrelated streams. The integer stream is pure 32-bit
 * arithmetic, identical on every platform; normals use Math.log/sin/cos (V8's fdlibm ports).
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  private spare: number | null = null

  /** `stream` separates independent uses of one seed (data, initialisation, …). */
  constructor(seed: number, stream = 0) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.u32()
  }

  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.u32() >>> 5
    const lo = this.u32() >>> 6
    return (hi * 67108864 + lo) / 9007199254740992
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /**
   * Fills `out` with what uniform(lo, hi) would return, value after value: the same two 32-bit
   * draws and the same arithmetic (the same bits), with the state in locals. The data sets are drawn
   * so (300,000 values for the article, once per process); through uniform() a value took ≈ 0.15 µs,
   * mostly in unoptimised code and in deopts of the state fields, as they went from small integers
   * to doubles.
   */
  fillNext(out: Float64Array, lo: number, hi: number): void {
    let a = this.a | 0,
      b = this.b | 0,
      c = this.c | 0,
      d = this.d | 0
    const span = hi - lo
    for (let i = 0; i < out.length; i++) {
      let t = (((a + b) | 0) + d) | 0
      d = (d + 1) | 0
      a = b ^ (b >>> 9)
      b = (c + (c << 3)) | 0
      c = (((c << 21) | (c >>> 11)) + t) | 0
      const high = t >>> 5
      t = (((a + b) | 0) + d) | 0
      d = (d + 1) | 0
      a = b ^ (b >>> 9)
      b = (c + (c << 3)) | 0
      c = (((c << 21) | (c >>> 11)) + t) | 0
      out[i] = lo + span * ((high * 67108864 + (t >>> 6)) / 9007199254740992)
    }
    this.a = a >>> 0
    this.b = b >>> 0
    this.c = c >>> 0
    this.d = d >>> 0
  }

  /**
   * Fills out[from, to) with U[lo, hi): one 32-bit draw per value (resolution span·2⁻³², finer
   * than the float32 data of the reference code), state kept in locals — the fresh-batch sampler's
   * inner loop.
   */
  fillUniform(out: Float64Array, from: number, to: number, lo: number, hi: number): void {
    let a = this.a | 0,
      b = this.b | 0,
      c = this.c | 0,
      d = this.d | 0
    const scale = (hi - lo) / 4294967296
    for (let i = from; i < to; i++) {
      const t = (((a + b) | 0) + d) | 0
      d = (d + 1) | 0
      a = b ^ (b >>> 9)
      b = (c + (c << 3)) | 0
      c = (((c << 21) | (c >>> 11)) + t) | 0
      out[i] = lo + (t >>> 0) * scale
    }
    this.a = a >>> 0
    this.b = b >>> 0
    this.c = c >>> 0
    this.d = d >>> 0
  }

  /**
   * The sum, from 0 in order, of the next `count` values fillUniform would write: the same draws and
   * the same additions without the row in between (the success thresholds' Monte Carlo sums 2·10⁷
   * of them, and the store and reload of each value was most of its time).
   */
  sumUniform(count: number, lo: number, hi: number): number {
    let a = this.a | 0,
      b = this.b | 0,
      c = this.c | 0,
      d = this.d | 0,
      sum = 0
    const scale = (hi - lo) / 4294967296
    for (let i = 0; i < count; i++) {
      const t = (((a + b) | 0) + d) | 0
      d = (d + 1) | 0
      a = b ^ (b >>> 9)
      b = (c + (c << 3)) | 0
      c = (((c << 21) | (c >>> 11)) + t) | 0
      sum += lo + (t >>> 0) * scale
    }
    this.a = a >>> 0
    this.b = b >>> 0
    this.c = c >>> 0
    this.d = d >>> 0
    return sum
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /**
   * Fisher–Yates in place: from the end, a[i] swapped with a[int(i + 1)], the same draws and the same
   * order as that loop, with the state in locals (an epoch's reshuffle of the article's 1,000 rows
   * took ≈ 40 µs through int(), 750 of them a preset).
   */
  shuffle(a: Uint32Array): void {
    let s0 = this.a | 0,
      s1 = this.b | 0,
      s2 = this.c | 0,
      s3 = this.d | 0
    for (let i = a.length - 1; i > 0; i--) {
      // next(): two 32-bit draws, their top 27 and 26 bits
      let t = (((s0 + s1) | 0) + s3) | 0
      s3 = (s3 + 1) | 0
      s0 = s1 ^ (s1 >>> 9)
      s1 = (s2 + (s2 << 3)) | 0
      s2 = (((s2 << 21) | (s2 >>> 11)) + t) | 0
      const hi = t >>> 5
      t = (((s0 + s1) | 0) + s3) | 0
      s3 = (s3 + 1) | 0
      s0 = s1 ^ (s1 >>> 9)
      s1 = (s2 + (s2 << 3)) | 0
      s2 = (((s2 << 21) | (s2 >>> 11)) + t) | 0
      const lo = t >>> 6
      const j = Math.floor(((hi * 67108864 + lo) / 9007199254740992) * (i + 1))
      const v = a[i]
      a[i] = a[j]
      a[j] = v
    }
    this.a = s0 >>> 0
    this.b = s1 >>> 0
    this.c = s2 >>> 0
    this.d = s3 >>> 0
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare
      this.spare = null
      return v
    }
    let u = 0
    while (u === 0) u = this.next()
    const v = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spare = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }

  /** Two distinct integers from [0, n), as `random.sample(range(n), 2)` does. */
  pair(n: number): [number, number] {
    const i = this.int(n)
    let j = this.int(n - 1)
    if (j >= i) j++
    return [i, j]
  }
}

/** Streams of one run seed: each use draws from its own, so adding one never shifts another. */
export const STREAM = { config: 1, train: 2, interp: 3, extrap: 4, init: 5, shuffle: 6 } as const
