import { describe, expect, it } from 'vitest'
import { Rng } from '../../../src-main/training/rng'

describe('seeded PRNG', () => {
  it('repeats exactly for the same seed and stream, and differs across seeds and streams', () => {
    const draw = (seed: number, stream: number) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.u32()
        )(new Rng(seed, stream))
      )
    expect(draw(1, 0)).toEqual(draw(1, 0))
    expect(draw(1, 0)).not.toEqual(draw(2, 0))
    expect(draw(1, 0)).not.toEqual(draw(1, 1))
  })

  it('gives uniform numbers in [lo, hi) and normals with mean 0 and variance 1', () => {
    const r = new Rng(7)
    const u = Array.from({ length: 20000 }, () => r.uniform(-10, 10))
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-10)
    expect(Math.max(...u)).toBeLessThan(10)
    expect(Math.abs(u.reduce((a, b) => a + b, 0) / u.length)).toBeLessThan(0.15)
    const z = Array.from({ length: 20000 }, () => r.normal())
    const mean = z.reduce((a, b) => a + b, 0) / z.length
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.05)
  })

  it('draws two distinct indices, every ordered pair possible', () => {
    const r = new Rng(3)
    const seen = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const [a, b] = r.pair(4)
      expect(a).not.toBe(b)
      expect(Math.max(a, b)).toBeLessThan(4)
      seen.add(`${a}${b}`)
    }
    expect(seen.size).toBe(12)
  })

  it('fills arrays with one 32-bit draw per value, the same stream as u32()', () => {
    const a = new Rng(11, 4),
      b = new Rng(11, 4)
    const out = new Float64Array(50)
    a.fillUniform(out, 0, 50, 2, 6)
    for (let i = 0; i < 50; i++) expect(out[i]).toBe(2 + b.u32() * (4 / 4294967296))
    expect(a.u32()).toBe(b.u32())
  })

  it('fills arrays with what uniform() gives, bit for bit, and leaves the same state (the data sets are drawn so)', () => {
    for (const [lo, hi] of [
      [-10, 10],
      [-50, 50],
      [0.1, 3]
    ]) {
      const a = new Rng(9, 2),
        b = new Rng(9, 2)
      for (const len of [0, 1, 333]) {
        const out = new Float64Array(len)
        a.fillNext(out, lo, hi)
        for (let i = 0; i < len; i++) expect(Object.is(out[i], b.uniform(lo, hi))).toBe(true)
      }
      expect(a.u32()).toBe(b.u32())
      expect(a.normal()).toBe(b.normal())
    }
  })

  it('shuffles as Fisher–Yates with int() does, draw for draw, and leaves the same state', () => {
    for (const len of [0, 1, 2, 7, 1000]) {
      const a = new Rng(5, 6),
        b = new Rng(5, 6)
      const fast = Uint32Array.from({ length: len }, (_, i) => i)
      const slow = fast.slice()
      for (let round = 0; round < 3; round++) {
        a.shuffle(fast)
        for (let i = slow.length - 1; i > 0; i--) {
          const j = b.int(i + 1)
          const t = slow[i]
          slow[i] = slow[j]
          slow[j] = t
        }
        expect(Array.from(fast)).toEqual(Array.from(slow))
      }
      expect(a.u32()).toBe(b.u32())
    }
  })
})
