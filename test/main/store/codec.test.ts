import { describe, expect, it } from 'vitest'
import { decodePerOutput, encodePerOutput, exactNumberText, fromExactJson, toExactJson } from '../../../src-main/store/codec'

const awkward = [0.1 + 0.2, 1 / 3, Math.PI, 5e-324, Number.MAX_VALUE, -1e-310, 2 ** 53 + 2, 123456789.12345679]

describe('exact number encodings', () => {
  it('per-output BLOBs hold 8 bytes a number and give back every bit', () => {
    const interp = [...awkward, NaN, -0]
    const extrap = [Infinity, -Infinity, ...awkward]
    const buf = encodePerOutput(interp, extrap)
    expect(buf.length).toBe(8 * (interp.length + extrap.length))
    const back = decodePerOutput(buf)
    expect(back).toEqual({ interp, extrap })
    expect(Object.is(back.interp[9], -0)).toBe(true)
  })

  it('JSON with markers keeps what plain JSON turns into null or 0', () => {
    const value = { a: [NaN, Infinity, -Infinity, -0, ...awkward], nested: { g: [NaN], s: 'text' }, n: null }
    expect((JSON.parse(JSON.stringify(value)) as typeof value).a[0]).toBeNull() // what plain JSON would do
    const back = fromExactJson<typeof value>(toExactJson(value))!
    expect(back).toEqual(value)
    expect(Object.is(back.a[3], -0)).toBe(true)
  })

  it('number text reads back as the same double', () => {
    for (const v of awkward) expect(Number(exactNumberText(v))).toBe(v)
    expect([NaN, Infinity, -Infinity, -0].map(exactNumberText)).toEqual(['NaN', 'Infinity', '-Infinity', '-0'])
  })
})
