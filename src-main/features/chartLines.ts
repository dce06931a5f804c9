import { packColumns, pickColumns, unpackColumns, type ChartSeries } from '@shared/series/columns'
import { lineMasks } from '@shared/series/lines'

const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

/**
 * A runs.chart answer cut to what three loss charts `plot` device pixels wide draw (lineMasks:
 * each loss's own column extremes at that width, and which chart draws each point). The page
 * reduced the power-of-two answer to its plot's width itself: here it gets half the bytes (in
 * headless Chromium a WebSocket message arrives at about 25 MB/s) and no reduction to do, so
 * Compare's twenty answers are read while the page stays free (docs/ui.md, round 9).
 */
export function chartForPlot(chart: ChartSeries, plot: number): ChartSeries {
  const columns = unpackColumns(Buffer.from(chart.data, 'base64'))
  const { indices, masks } = lineMasks(columns, plot)
  return { ...chart, points: indices.length, data: base64(packColumns(pickColumns(columns, indices))), plot, lines: base64(masks) }
}
