import { describe, expect, it } from 'vitest'
import { fromBase64, toBase64 } from '@shared/series/bytes'

const random = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(Math.random() * 256))

describe('base64 of packed blocks', () => {
  it("writes what Node's own encoder writes, for every remainder of three and past a piece's 8,192 characters", () => {
    for (let n = 0; n < 40; n++) {
      const bytes = random(n)
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
    }
    const long = random(100_003)
    expect(toBase64(long)).toBe(Buffer.from(long).toString('base64'))
  })

  it('reads back every byte value at every position', () => {
    const all = Uint8Array.from({ length: 768 }, (_, i) => (i * 7 + (i >> 8)) & 255)
    for (const n of [0, 1, 2, 3, 766, 767, 768]) expect(fromBase64(toBase64(all.subarray(0, n)))).toEqual(all.subarray(0, n))
  })

  it('encodes a subarray, not the buffer under it', () => {
    const bytes = random(30)
    expect(toBase64(bytes.subarray(5, 17))).toBe(Buffer.from(bytes.subarray(5, 17)).toString('base64'))
  })
})
