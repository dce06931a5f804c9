import { describe, expect, it } from 'vitest'
import { THEMES, runStyle, withAlpha } from '../../../src-shared/figures/palette'

describe('palette', () => {
  it('gives the first runs distinct solid colours in every theme', () => {
    for (const theme of ['light', 'dark', 'print'] as const) {
      const n = THEMES[theme].runs.length
      const colours = Array.from({ length: n }, (_, i) => runStyle(i, theme).colour)
      expect(new Set(colours).size).toBe(n)
      for (let i = 0; i < n; i++) expect(runStyle(i, theme).dash).toEqual([])
    }
  })

  it('tells runs apart by dash once colours repeat', () => {
    const n = THEMES.light.runs.length
    expect(runStyle(n, 'light').colour).toBe(runStyle(0, 'light').colour)
    expect(runStyle(n, 'light').dash).not.toEqual(runStyle(0, 'light').dash)
  })

  it('never uses the background colour for a run', () => {
    for (const theme of ['light', 'dark', 'print'] as const) {
      const bg = THEMES[theme].background.toLowerCase()
      expect(THEMES[theme].runs.map((c) => c.toLowerCase())).not.toContain(bg)
    }
  })

  it('print style is a white background with black text', () => {
    expect(THEMES.print.background).toBe('#ffffff')
    expect(THEMES.print.text).toBe('#000000')
  })

  it('converts hex to rgba', () => {
    expect(withAlpha('#0072B2', 0.25)).toBe('rgba(0, 114, 178, 0.25)')
  })
})
