import { describe, expect, it } from 'vitest'
import { formatCount, formatDuration, formatMse, parseIds } from '../../../src-renderer/lib/format'

describe('format', () => {
  it('shows MSEs compactly across magnitudes and never hides NaN or ∞', () => {
    expect(formatMse(436.123)).toBe('436.1')
    expect(formatMse(1.5e-6)).toBe('1.50e-6')
    expect(formatMse(2.5e7)).toBe('2.50e+7')
    expect(formatMse(NaN)).toBe('NaN')
    expect(formatMse(Infinity)).toBe('∞')
    expect(formatMse(null)).toBe('—')
  })

  it('reads durations as a person would', () => {
    expect(formatDuration(4_400)).toBe('4 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
    expect(formatDuration(3_780_000)).toBe('1 h 3 min')
    expect(formatDuration(null)).toBe('—')
  })

  it('parses run ids from a query, dropping junk and repeats', () => {
    expect(parseIds('3,4, 5,x,-1,4,2.5')).toEqual([3, 4, 5])
    expect(parseIds(['1,2', '3'])).toEqual([1, 2, 3])
    expect(parseIds(undefined)).toEqual([])
  })

  it('groups the thousands of a step count', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(5_000_000)).toBe('5,000,000')
  })
})
