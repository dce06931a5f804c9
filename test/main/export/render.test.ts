import { describe, expect, it } from 'vitest'
import { FigureOptions, type FigureOptionsInput } from '@shared/domain'
import { exportFigure } from '../../../src-main/export'
import { syntheticSeries } from '../../shared/figures/fixtures'
import { elements, parseSvg, pdfParts, pngSize, svgText } from './inspect'

const series = [syntheticSeries(1, 'nac', 1, 60), syntheticSeries(2, 'nalu', 7, 60), syntheticSeries(3, 'nau→nmu', 2, 60, null)]
const opts = (o: Partial<FigureOptionsInput> = {}) => FigureOptions.parse({ metric: 'extrap', ...o })
const render = (format: 'png' | 'svg' | 'pdf', o: Partial<FigureOptionsInput> = {}, scale = 2) =>
  exportFigure({ series, format, options: opts(o), scale })

describe('PNG export', () => {
  it.each([1, 2, 4, 2.5])('is exactly widthPx×%s by heightPx×scale pixels', async (scale) => {
    const f = await render('png', { widthPx: 640, heightPx: 400 }, scale)
    expect(pngSize(f.bytes)).toEqual({ width: 640 * scale, height: 400 * scale })
    expect(f).toMatchObject({ mime: 'image/png', fileName: 'mystery-problem-extrap-loss.png' })
  })

  it('floors a fractional pixel size as Chart.js does', async () => {
    const f = await render('png', { widthPx: 801, heightPx: 333 }, 1.5)
    expect(pngSize(f.bytes)).toEqual({ width: 1201, height: 499 })
  })

  it('refuses a pixel size that cannot be drawn, naming the scale', async () => {
    await expect(render('png', { widthPx: 8000, heightPx: 8000 }, 16)).rejects.toMatchObject({ code: 'invalid', field: 'scale' })
  })
})

describe('SVG export', () => {
  it('the XML check itself refuses malformed markup', () => {
    expect(() => parseSvg('<svg><text>a</svg>')).toThrow(/well-formed/)
  })

  it('is well-formed XML sized to the figure, with title, axis titles, ticks and legend as text', async () => {
    const f = await render('svg', { title: 'Extrapolation of the mystery problem' })
    expect(f.mime).toBe('image/svg+xml')
    const doc = parseSvg(f.bytes.toString('utf8'))
    expect(doc.name).toBe('svg')
    expect([doc.attributes.width, doc.attributes.height]).toEqual(['800', '500'])
    const text = svgText(doc)
    for (const phrase of [
      'Extrapolation of the mystery problem',
      'Extrapolation test loss (MSE)',
      'Epoch',
      'nac · seed 1 · mystery',
      'nalu · seed 7 · mystery',
      'nau→nmu · seed 2'
    ])
      expect(text).toContain(phrase)
    // tick labels: epochs on x, and decade labels on the log y axis
    expect(text).toMatch(/\b60\b/)
    expect(text).toMatch(/\b100\b/)
    // lines are vector paths, not an embedded raster
    expect(elements(doc, 'path').length).toBeGreaterThan(10)
    expect(elements(doc, 'image')).toHaveLength(0)
    // a reader without the font Skia used falls back to a metric-compatible sans-serif
    const families = new Set(elements(doc, 'text').map((t) => t.attributes['font-family']))
    for (const f of families) expect(f).toMatch(/, Arial, Helvetica, sans-serif$/)
  })

  it('keeps the raw line of a smoothed run out of the legend', async () => {
    const text = svgText(parseSvg((await render('svg', { smoothing: 0.8 })).bytes.toString('utf8')))
    expect(text).toContain('nac · seed 1 · mystery')
    expect(text).not.toContain('(raw)')
  })
})

describe('PDF export', () => {
  it('is one vector page sized to the figure in points, with paths and text but no image', async () => {
    const f = await render('pdf', { widthPx: 800, heightPx: 500 })
    expect(f.mime).toBe('application/pdf')
    const pdf = pdfParts(f.bytes)
    expect(pdf.header).toMatch(/^%PDF-1\.\d/)
    expect(f.bytes.subarray(-8).toString('latin1')).toContain('%%EOF')
    const pages = pdf.dicts.filter((d) => /\/Type\s*\/Page\b/.test(d))
    expect(pages).toHaveLength(1)
    expect(pages[0]).toMatch(/\/MediaBox\s*\[0 0 600 375\]/)
    expect(pdf.dicts.join('\n')).not.toMatch(/\/Subtype\s*\/Image/)
    const content = pdf.streams.map((s) => s.data.toString('latin1')).join('\n')
    // many line segments (l), moves (m) and strokes (S), and text shown with Tj/TJ
    expect(content.match(/ l\n/g)?.length ?? 0).toBeGreaterThan(100)
    expect(content).toMatch(/\bS\n/)
    expect(content).toMatch(/T[jJ]\n/)
  })
})
