import { describe, expect, it } from 'vitest'
import { perArray } from '@shared/series/perArray'

describe('perArray', () => {
  it('makes a value once per array, and again once that array has grown', () => {
    let made = 0
    const sum = perArray((a: readonly number[]) => {
      made++
      return { total: a.reduce((s, v) => s + v, 0) }
    })
    const a = [1, 2]
    const first = sum(a)
    expect(sum(a)).toBe(first)
    expect(made).toBe(1)
    // another array of the same values is its own
    expect(sum([1, 2])).not.toBe(first)
    a.push(3)
    expect(sum(a)).toEqual({ total: 6 })
    expect(made).toBe(3)
  })
})
