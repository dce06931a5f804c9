import { LITTLE_ENDIAN, readFloat64s, writeFloat64s, type SeriesColumns } from './bytes'

export type LossField = 'trainMse' | 'interpMse' | 'extrapMse'

/** A kept point's mask: which of the three loss charts draws it. */
export const LINE_BITS: Readonly<Record<LossField, number>> = { trainMse: 1, interpMse: 2, extrapMse: 4 }
export const LOSS_FIELDS = Object.keys(LINE_BITS) as LossField[]

/**
 * What a runs.chart answer cut to a plot carries (Compare's three loss charts): each loss as
 * little-endian Float64 at only the points its chart draws (the points whose mask has its bit), the
 * wall time of every point only when asked, then every point's epoch as Uint32. Each chart keeps its
 * own loss's column extremes, and the three seldom fall on the same epochs: 20 runs cut to a
 * 1,000-pixel plot kept 56,844 points of which 40 % were drawn by one chart only, so a loss at every
 * point was a third of the bytes spent on values no chart draws (round 17). The answers are
 * Compare's load, and in Chromium their time went with their bytes (docs/ui.md, round 10). The
 * losses stay exact, NaN and ±Infinity included; an epoch is a whole number, as the domain has it.
 */
const MAX_EPOCH = 0xffffffff

/** How many points each loss's chart draws (in LOSS_FIELDS' order). */
export function drawnCounts(masks: ArrayLike<number>): number[] {
  return LOSS_FIELDS.map((f) => {
    let count = 0
    for (let i = 0; i < masks.length; i++) if (masks[i] & LINE_BITS[f]) count++
    return count
  })
}

/** The bytes of a plot block of `points` points whose losses are drawn at `counts` of them. */
const blockBytes = (counts: readonly number[], points: number, wall: boolean): number =>
  8 * counts.reduce((a, b) => a + b, 0) + points * ((wall ? 8 : 0) + 4)

/** The bytes of a plot block of points with these masks. */
export function plotBlockBytes(masks: ArrayLike<number>, wall: boolean): number {
  return blockBytes(drawnCounts(masks), masks.length, wall)
}

export function packPlotBlock(c: SeriesColumns, masks: ArrayLike<number>, wall: boolean): Uint8Array {
  const n = c.epoch.length
  if (masks.length !== n) throw new Error(`${masks.length} line masks for ${n} points`)
  const bytes = new Uint8Array(plotBlockBytes(masks, wall))
  let at = 0
  for (const f of LOSS_FIELDS) {
    const drawn: number[] = []
    for (let i = 0; i < n; i++) if (masks[i] & LINE_BITS[f]) drawn.push(c[f][i])
    writeFloat64s(bytes, at, drawn)
    at += drawn.length * 8
  }
  if (wall) {
    writeFloat64s(bytes, at, c.wallMs)
    at += n * 8
  }
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < n; i++) {
    const e = c.epoch[i]
    if (!Number.isInteger(e) || e < 0 || e > MAX_EPOCH) throw new Error(`epoch ${e} is not a whole number a plot block can carry`)
    view.setUint32(at + i * 4, e, true)
  }
  return bytes
}

/**
 * The columns of a plot block: each loss NaN at the points its chart does not draw (their values
 * were not sent), the wall time NaN everywhere when the block was packed without it (Compare asks
 * again before it draws against wall time).
 */
export function unpackPlotBlock(bytes: Uint8Array, masks: ArrayLike<number>, wall: boolean): SeriesColumns<ArrayLike<number>> {
  const points = masks.length
  const counts = drawnCounts(masks)
  const size = blockBytes(counts, points, wall)
  if (bytes.byteLength !== size) {
    throw new Error(
      `a plot block of ${points} points${wall ? ' with wall time' : ''} and these masks has ${size} bytes, not ${bytes.byteLength}`
    )
  }
  let at = 0
  const floats = (count: number) => readFloat64s(bytes.subarray(at, (at += count * 8)))
  const [trainMse, interpMse, extrapMse] = LOSS_FIELDS.map((f, j) => {
    const drawn = floats(counts[j])
    const full = new Float64Array(points).fill(NaN)
    for (let i = 0, k = 0; i < points; i++) if (masks[i] & LINE_BITS[f]) full[i] = drawn[k++]
    return full
  })
  const wallMs = wall ? floats(points) : new Float64Array(points).fill(NaN)
  let epoch: Uint32Array
  if (LITTLE_ENDIAN && (bytes.byteOffset + at) % 4 === 0) epoch = new Uint32Array(bytes.buffer, bytes.byteOffset + at, points)
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, points * 4)
    epoch = Uint32Array.from({ length: points }, (_, i) => view.getUint32(i * 4, true))
  }
  return { epoch, trainMse, interpMse, extrapMse, wallMs }
}
