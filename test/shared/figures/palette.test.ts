import { describe, expect, it } from 'vitest'
import { THEMES, modelColor, modelStyles, runStyle, withAlpha } from '@shared/figures/palette'

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

  it('gives each model of a preset its own colour, the same in every call', () => {
    const presets = [
      ['nalu', 'nmu', 'inalu', 'npu', 'realnpu'],
      ['vanilla', 'nac', 'nalu(article)'],
      ['nau→nmu', 'nau→realnpu', 'nalu→nalu'],
      ['nau→realnpu', 'nau→npu', 'nalu→nalu'],
      ['nau→nau', 'nac→nac', 'nalu→nalu']
    ]
    for (const theme of ['light', 'dark', 'print'] as const)
      for (const models of presets) expect(new Set(models.map((m) => modelColor(m, theme))).size).toBe(models.length)
    expect(modelColor('nalu')).toBe(THEMES.light.runs[0])
    expect(modelColor('some→new→thing')).toBe(modelColor('some→new→thing'))
    expect(THEMES.light.runs).toContain(modelColor('some→new→thing'))
  })

  it('keeps the model colour and tells colour-sharing models apart by dash, whatever the order', () => {
    const a = modelStyles(['nalu', 'nalu(article)', 'nmu'])
    const b = modelStyles(['nmu', 'nalu(article)', 'nalu'])
    expect(a.get('nalu')!.colour).toBe(a.get('nalu(article)')!.colour)
    expect(a.get('nalu')!.dash).not.toEqual(a.get('nalu(article)')!.dash)
    for (const m of ['nalu', 'nalu(article)', 'nmu']) expect(b.get(m)).toEqual(a.get(m))
    expect(a.get('nmu')!.colour).toBe(modelColor('nmu'))
  })

  it('keeps a model’s hue when the theme changes where the hue reads on both', () => {
    for (const m of ['nmu', 'inalu', 'npu', 'realnpu', 'nau→nmu']) expect(modelColor(m, 'dark')).toBe(modelColor(m, 'light'))
    expect(modelColor('nalu', 'print')).toBe(modelColor('nalu', 'light'))
  })
})
