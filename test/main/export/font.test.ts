import { describe, expect, it } from 'vitest'
import { FigureOptions } from '@shared/domain'
import { FONT_FAMILY } from '@shared/figures/axes'
import { exportFigure } from '../../../src-main/export'
import { loadCanvas } from '../../../src-main/export/canvasModule'
import { EXPORT_FONT_FAMILY } from '../../../src-main/export/font'
import { syntheticSeries } from '../../shared/figures/fixtures'
import { elements, parseSvg, pdfParts } from './inspect'

/*
 * Exported figures draw their text with the font shipped in @expo-google-fonts/arimo, whatever
 * fonts the machine has (Arimo is not a system font on Debian; CI also runs these tests with the
 * system fonts hidden, see .ci/run and the README).
 */
const series = [syntheticSeries(1, 'nac', 1, 40), syntheticSeries(2, 'nalu', 7, 40)]
const render = (format: 'png' | 'svg' | 'pdf') =>
  exportFigure({ series, format, options: FigureOptions.parse({ metric: 'extrap', title: 'Fonts' }), scale: 1 })

describe('the shipped figure font', () => {
  it('is registered with the canvas and is what the chart font list resolves to', async () => {
    const canvas = await loadCanvas()
    expect(canvas.GlobalFonts.has(EXPORT_FONT_FAMILY)).toBe(true)
    const ctx = canvas.createCanvas(10, 10).getContext('2d')
    const width = (family: string, weight = 'normal') => {
      ctx.font = `${weight} 40px ${family}`
      return ctx.measureText('Extrapolation 0.001 ×10⁴').width
    }
    // the chart's family list draws exactly what the shipped face draws, in both weights used
    expect(width(FONT_FAMILY)).toBe(width(EXPORT_FONT_FAMILY))
    expect(width(FONT_FAMILY, 'bold')).toBe(width(EXPORT_FONT_FAMILY, 'bold'))
    // and the measurement tells faces apart
    expect(width(EXPORT_FONT_FAMILY, 'bold')).not.toBe(width(EXPORT_FONT_FAMILY))
  })

  it('is named first in every SVG text element, with metric-compatible fallbacks', async () => {
    const doc = parseSvg((await render('svg')).bytes.toString('utf8'))
    const families = new Set(elements(doc, 'text').map((t) => t.attributes['font-family']))
    expect([...families]).toEqual([`'${EXPORT_FONT_FAMILY}', Arial, Helvetica, sans-serif`])
  })

  it('is embedded in the PDF (regular and bold), and no other font is', async () => {
    const pdf = pdfParts((await render('pdf')).bytes)
    const fonts = pdf.dicts.filter((d) => /\/Type\s*\/Font\b/.test(d) && /\/BaseFont/.test(d))
    const names = new Set(fonts.map((d) => /\/BaseFont\s*\/([^\s/<>]+)/.exec(d)![1].replace(/^[A-Z]{6}\+/, '')))
    expect([...names].sort()).toEqual(['Arimo-Bold', 'Arimo-Regular'])
    // the glyphs travel with the file: a TrueType font program per face
    const programs = pdf.dicts.filter((d) => /\/FontFile2\b/.test(d))
    expect(programs.length).toBeGreaterThanOrEqual(2)
  })
})
