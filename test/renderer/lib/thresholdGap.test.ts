import { describe, expect, it } from 'vitest'
import { formatFactor, thresholdGap } from '../../../src-renderer/lib/thresholdGap'

describe('thresholdGap', () => {
  it('says how many times above or below its threshold an output is', () => {
    expect(thresholdGap(120, 1.2e-4)).toBe('×10⁶ above')
    expect(thresholdGap(3.2e-3, 1e-9)).toBe('×3.2·10⁶ above')
    expect(thresholdGap(2e-9, 1e-8)).toBe('×5 below')
    expect(thresholdGap(0.5, 0.002)).toBe('×250 above')
    expect(thresholdGap(0, 1e-8)).toBe('exact (loss 0)')
    expect(thresholdGap(NaN, 1e-8)).toMatch(/diverged/)
    expect(thresholdGap(null, 1)).toBeNull()
    expect(thresholdGap(1, null)).toBeNull()
  })

  it('writes factors as a reader says them', () => {
    expect(formatFactor(1e12)).toBe('10¹²')
    expect(formatFactor(4.7e3)).toBe('4.7·10³')
    expect(formatFactor(2.5)).toBe('2.5')
  })
})
