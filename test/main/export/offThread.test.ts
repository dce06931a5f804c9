import { describe, expect, it } from 'vitest'
import { exportFigure } from '../../../src-main/export'
import { exportFigureOffThread } from '../../../src-main/export/offThread'
import { ApiError } from '@shared/api'
import type { FigureOptions, RunSeries } from '@shared/domain'

const series: RunSeries[] = [1, 2].map((id) => ({
  id,
  label: `run ${id}`,
  model: id === 1 ? 'nac' : 'nalu',
  seed: id,
  preset: 'article',
  experimentName: 'article',
  series: Array.from({ length: 30 }, (_, i) => ({
    epoch: i + 1,
    trainMse: 100 / (i + id),
    interpMse: 50 / (i + 1),
    extrapMse: 500 / (i + 1) + id,
    perOutput: { interp: [1, 2], extrap: [3, 4] },
    wallMs: 10 * i
  }))
}))
const options: FigureOptions = {
  metric: 'extrap',
  logY: true,
  xAxis: 'epoch',
  smoothing: 0.5,
  theme: 'print',
  fontSize: 12,
  widthPx: 640,
  heightPx: 400
}

describe('figure export on a worker thread', () => {
  it('gives the same file as drawing in-process', async () => {
    const [off, direct] = await Promise.all([
      exportFigureOffThread({ series, format: 'csv', options, scale: 1 }),
      exportFigure({ series, format: 'csv', options, scale: 1 })
    ])
    expect(off.fileName).toBe(direct.fileName)
    expect(Buffer.compare(off.bytes, direct.bytes)).toBe(0)
    const png = await exportFigureOffThread({ series, format: 'png', options, scale: 2 })
    expect(png.bytes.readUInt32BE(16)).toBe(1280)
  })

  it('brings a refusal back as the same ApiError, naming the field', async () => {
    const err = await exportFigureOffThread({
      series,
      format: 'png',
      options: { ...options, widthPx: 8000, heightPx: 8000 },
      scale: 16
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'invalid', field: 'scale' })
  })
})
