import { describe, expect, it } from 'vitest'
import { compactNumber, logTickLabel } from '../../../src-shared/figures/axes'

describe('axis labels', () => {
  it('writes plain decimals in the readable range and exponents outside it', () => {
    expect([1, 20, 0.2, 0.001, 12345].map(compactNumber)).toEqual(['1', '20', '0.2', '0.001', '12345'])
    expect([1e-7, 2e-5, 3e5, 0.00049].map(compactNumber)).toEqual(['1e-7', '2e-5', '3e5', '4.9e-4'])
    expect(compactNumber(0.1 + 0.2)).toBe('0.3')
  })

  it('labels a log axis at 1, 2 and 5 per decade only', () => {
    expect([1e-6, 2e-6, 3e-6, 5e-6, 7e-6].map(logTickLabel)).toEqual(['1e-6', '2e-6', '', '5e-6', ''])
    expect([100, 200, 300, 500, 0, -1, Number.NaN].map(logTickLabel)).toEqual(['100', '200', '', '500', '', '', ''])
    expect(logTickLabel(0.30000000000000004)).toBe('')
    expect(logTickLabel(0.19999999999999998)).toBe('0.2')
  })
})
