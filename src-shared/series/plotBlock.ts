import { LITTLE_ENDIAN, plotBlockBytes, readFloat64s, writeFloat64s, type SeriesColumns } from './columns'

/**
 * What a runs.chart answer cut to a plot carries (Compare's three loss charts): the three losses as
 * little-endian Float64 columns, the wall time as a fourth only when asked, then the epochs as
 * Uint32. Against packColumns' five Float64 columns that is 28 bytes a point instead of 40: the
 * answers are Compare's load, and in Chromium their time went with their bytes (20 runs cut to a
 * 1,000-pixel plot: 3.1 MB in 0.46–0.55 s, the same runs cut to 500 pixels 1.6 MB in 0.24–0.30 s;
 * docs/ui.md, round 10). The losses stay exact, NaN and ±Infinity included; an epoch is a whole
 * number, as the domain has it. Without the wall time the columns' wallMs reads NaN: Compare asks
 * for it before it draws against wall time.
 */
const MAX_EPOCH = 0xffffffff

export function packPlotBlock(c: SeriesColumns, wall: boolean): Uint8Array {
  const n = c.epoch.length
  const floats = wall ? [c.trainMse, c.interpMse, c.extrapMse, c.wallMs] : [c.trainMse, c.interpMse, c.extrapMse]
  const bytes = new Uint8Array(plotBlockBytes(n, wall))
  floats.forEach((col, j) => writeFloat64s(bytes, j * n * 8, col))
  const at = floats.length * n * 8
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < n; i++) {
    const e = c.epoch[i]
    if (!Number.isInteger(e) || e < 0 || e > MAX_EPOCH) throw new Error(`epoch ${e} is not a whole number a plot block can carry`)
    view.setUint32(at + i * 4, e, true)
  }
  return bytes
}

export function unpackPlotBlock(bytes: Uint8Array, points: number, wall: boolean): SeriesColumns {
  if (bytes.byteLength !== plotBlockBytes(points, wall)) {
    throw new Error(
      `a plot block of ${points} points${wall ? ' with wall time' : ''} has ${plotBlockBytes(points, wall)} bytes, not ${bytes.byteLength}`
    )
  }
  const column = (j: number) => readFloat64s(bytes.subarray(j * points * 8, (j + 1) * points * 8))
  const at = (wall ? 4 : 3) * points * 8
  let epoch: Uint32Array
  if (LITTLE_ENDIAN && (bytes.byteOffset + at) % 4 === 0) epoch = new Uint32Array(bytes.buffer, bytes.byteOffset + at, points)
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, points * 4)
    epoch = Uint32Array.from({ length: points }, (_, i) => view.getUint32(i * 4, true))
  }
  return {
    epoch,
    trainMse: column(0),
    interpMse: column(1),
    extrapMse: column(2),
    wallMs: wall ? column(3) : new Float64Array(points).fill(NaN)
  }
}
