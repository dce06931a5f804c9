import { describe, expect, it } from 'vitest'
import { FigureOptions } from '@shared/domain'
import { csvField, figureCsv } from '../../../src-main/export/data'
import { syntheticSeries } from '../../shared/figures/fixtures'
import { parseCsv } from '../../helpers/csv'

const options = FigureOptions.parse({ metric: 'interp', smoothing: 0 })

describe('CSV formula injection (OWASP)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+cmd|/C calc!A0', "'+1+cmd|/C calc!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['nalu', 'nalu'],
    ['a=b', 'a=b']
  ])('text %j is written as %s', (text, cell) => {
    expect(csvField(text)).toBe(cell)
  })

  it('leaves numbers as numbers, negative ones included', () => {
    expect(csvField(-1.5e-7)).toBe('-1.5e-7')
    expect(csvField(-3)).toBe('-3')
  })

  it('neutralises a model, preset and experiment name in the figure CSV, and no value column', () => {
    const s = { ...syntheticSeries(1, '=cmd|x', 3, 4, '@preset'), experimentName: '+exp' }
    s.series[0].interpMse = -0.25
    const rows = parseCsv(figureCsv([s], options)).slice(1)
    expect(rows[0].slice(2, 6)).toEqual(["'+exp", "'=cmd|x", '3', "'@preset"])
    expect(rows[0][1].startsWith("'=")).toBe(true)
    expect(rows[0][9]).toBe('-0.25')
  })
})
