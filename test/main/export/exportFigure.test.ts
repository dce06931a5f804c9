import { describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api'
import { FigureOptions } from '@shared/domain'
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
      expect((err as Error).message).toMatch(
        /^PNG, SVG and PDF export need the optional native package @napi-rs\/canvas.*CSV and JSON export still work\.$/
      )
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

describe('exports split per output or operation', () => {
  it('refuses the training loss per output in one sentence, and splits the others by the run’s config', async () => {
    const s = [syntheticSeries(1, 'nac', 1, 5)]
    const runs = [
      {
        id: 1,
        configHash: 'h',
        spec: {} as never,
        modelSpec: {} as never,
        config: { kind: 'subsets' as const, inDim: 4, op: 'mul' as const, a: [0, 2] as [number, number], b: [1, 3] as [number, number] }
      }
    ]
    await expect(
      exportFigure({ series: s, runs, format: 'csv', options: FigureOptions.parse({ metric: 'train', split: 'op' }), scale: 1 })
    ).rejects.toThrow(/training loss is not recorded per output/)
    const csv = (
      await exportFigure({ series: s, runs, format: 'csv', options: FigureOptions.parse({ metric: 'extrap', split: 'op' }), scale: 1 })
    ).bytes.toString('utf8')
    const lines = csv.trim().split('\n').slice(1)
    expect(lines).toHaveLength(5)
    expect(lines[0].split(',')[1]).toBe('nac · seed 1 · mystery · ×')
    expect(Number(lines[2].split(',')[9])).toBe(s[0].series[2].perOutput.extrap[0])
  })
})
