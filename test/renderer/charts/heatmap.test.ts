import { describe, expect, it } from 'vitest'
import { cellAt, colourLimit, divergingColour, heatmapLayout, tickStep } from '../../../src-renderer/charts/heatmap'

describe('heatmap scale', () => {
  it('is diverging around 0: neutral at 0, blue below, red above, clipped beyond the limit', () => {
    expect(divergingColour(0, 1)).toBe('rgb(247, 247, 247)')
    expect(divergingColour(1, 1)).toBe('rgb(178, 24, 43)')
    expect(divergingColour(-1, 1)).toBe('rgb(33, 102, 172)')
    expect(divergingColour(5, 1)).toBe(divergingColour(1, 1))
    expect(divergingColour(0, 1, true)).toBe('rgb(52, 56, 64)')
    const half = divergingColour(0.5, 1)
    expect(half).not.toBe(divergingColour(0, 1))
    expect(half).not.toBe(divergingColour(1, 1))
  })

  it('uses ±1 for NAC-like units and the largest |w| for dense layers', () => {
    const m = { name: 'W', rows: 1, cols: 3, data: [0.2, -3, NaN] }
    expect(colourLimit(m, 'nac')).toBe(1)
    expect(colourLimit(m, 'nmu')).toBe(1)
    expect(colourLimit(m, 'vanilla')).toBe(3)
    expect(colourLimit({ ...m, data: [0, 0, 0] }, 'linear')).toBe(1)
  })
})

describe('heatmap layout', () => {
  it('keeps a 10 × 100 matrix readable in a 720 px panel', () => {
    const l = heatmapLayout(10, 100, 720, 90)
    expect(l.cellW).toBeGreaterThanOrEqual(6)
    expect(l.cellH).toBeGreaterThanOrEqual(12)
    expect(l.left + 100 * l.cellW).toBeLessThanOrEqual(720)
    expect(tickStep(100, l.cellW)).toBe(10)
  })

  it('finds the cell under the pointer and nothing outside the grid', () => {
    const l = heatmapLayout(10, 100, 720, 90)
    expect(cellAt(l, 10, 100, l.left + 37.5 * l.cellW, l.top + 2.5 * l.cellH)).toEqual({ row: 2, col: 37 })
    expect(cellAt(l, 10, 100, l.left - 1, l.top + 1)).toBeNull()
    expect(cellAt(l, 10, 100, l.left + 1, l.top + 10.5 * l.cellH)).toBeNull()
  })
})
