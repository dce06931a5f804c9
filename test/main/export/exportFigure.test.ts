import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src-shared/api'
import { FigureOptions } from '../../../src-shared/domain'
import { exportFigure, loadCanvas, safeBaseName, toFilePayload } from '../../../src-main/export'
import { syntheticSeries } from '../../shared/figures/fixtures'

const series = [syntheticSeries(1, 'nac', 1, 10), syntheticSeries(2, 'nalu', 2, 10)]
const options = FigureOptions.parse({ metric: 'train' })
const missingCanvas = () => Promise.reject(new Error("Cannot find module '@napi-rs/canvas-linux-x64-gnu'"))

describe('exportFigure', () => {
  it('names files after the experiment and metric, or the given base name', async () => {
    expect((await exportFigure({ series, format: 'csv', options, scale: 1 })).fileName).toBe('mystery-problem-train-loss.csv')
    const f = await exportFigure({ series, format: 'json', options, scale: 1, baseName: 'Fig 3: a/b' })
    expect(f).toMatchObject({ fileName: 'Fig 3- a-b.json', mime: 'application/json' })
  })

  it('still exports CSV and JSON when the native canvas cannot load', async () => {
    const f = await exportFigure({ series, format: 'csv', options, scale: 1, importCanvas: missingCanvas })
    expect(f.bytes.toString('utf8').split('\n')[0]).toMatch(/^run_id,/)
  })

  it('refuses PNG, SVG and PDF in one sentence when the native canvas cannot load', async () => {
    for (const format of ['png', 'svg', 'pdf'] as const) {
      const err = await exportFigure({ series, format, options, scale: 1, importCanvas: missingCanvas }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ApiError)
      expect(err).toMatchObject({ code: 'unavailable' })
      expect((err as Error).message).toMatch(/^PNG, SVG and PDF export need the optional native package @napi-rs\/canvas.*CSV and JSON export still work\.$/)
    }
  })

  it('loads the real canvas module when it is installed', async () => {
    const mod = await loadCanvas()
    expect(typeof mod.PDFDocument).toBe('function')
  })

  it('encodes the bytes as base64 for the contract', async () => {
    const f = await exportFigure({ series, format: 'csv', options, scale: 1 })
    expect(Buffer.from(toFilePayload(f).base64, 'base64').equals(f.bytes)).toBe(true)
  })

  it('keeps file names safe', () => {
    expect(safeBaseName('../../etc/passwd')).toBe('etc-passwd')
    expect(safeBaseName('  ')).toBe('figure')
    expect(safeBaseName('Mystery NALU')).toBe('Mystery NALU')
  })
})
