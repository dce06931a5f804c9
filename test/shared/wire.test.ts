import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from '@shared/wire'

describe('the socket wire format', () => {
  it('keeps NaN and ±Infinity that plain JSON would turn into null', () => {
    const epoch = { trainMse: NaN, interpMse: Infinity, extrapMse: -Infinity, perOutput: { interp: [1.5, NaN], extrap: [] } }
    expect((JSON.parse(JSON.stringify(epoch)) as typeof epoch).trainMse).toBeNull()
    expect(decodeWire(encodeWire(epoch))).toEqual(epoch)
  })

  it('leaves ordinary values, -0 aside, exactly as JSON does', () => {
    const value = { a: [1, 0.1 + 0.2, 1e-300, 'NaN', null, { nested: true }], b: { $nonFinite: 'x', other: 1 } }
    expect(decodeWire(encodeWire(value))).toEqual(value)
  })
})
