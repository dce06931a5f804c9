import type { Matrix } from '@shared/domain'

type Rgb = readonly [number, number, number]

// ColorBrewer RdBu ends: blue for negative, red for positive; readable for most colour-blind viewers.
const NEGATIVE: Rgb = [33, 102, 172]
const POSITIVE: Rgb = [178, 24, 43]
const ZERO_LIGHT: Rgb = [247, 247, 247]
const ZERO_DARK: Rgb = [52, 56, 64]

/** A diverging colour around 0; values beyond ±limit take the end colour. NaN is drawn grey-hatched elsewhere. */
export function divergingColour(value: number, limit: number, dark = false): string {
  const zero = dark ? ZERO_DARK : ZERO_LIGHT
  const t = Math.max(-1, Math.min(1, value / (limit || 1)))
  const end = t < 0 ? NEGATIVE : POSITIVE
  const a = Math.abs(t)
  const c = zero.map((z, i) => Math.round(z + (end[i] - z) * a))
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`
}

/** Units whose effective weights live in [−1, 1] (or [0, 1]): a fixed scale shows ±1 as ±1. */
const BOUNDED_KINDS = new Set(['nac', 'nalu', 'nau', 'nmu', 'inalu', 'npu', 'realnpu', 'true'])

/** The colour limit: ±1 for NAC-like weights, the largest |w| for dense layers. */
export function colourLimit(m: Matrix, kind: string): number {
  if (BOUNDED_KINDS.has(kind)) return 1
  let max = 0
  for (const v of m.data) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v)
  return max > 0 ? max : 1
}

export interface HeatmapLayout {
  left: number
  top: number
  cellW: number
  cellH: number
  width: number
  height: number
}

/**
 * Cells fill the width left of the row labels; rows are at least 12 px so a 10 × 100 matrix
 * stays readable, and at most 28 px so a 2-row one does not become a wall of colour.
 */
export function heatmapLayout(rows: number, cols: number, width: number, labelWidth: number): HeatmapLayout {
  const top = 18
  const left = Math.ceil(labelWidth) + 8
  const cellW = Math.max(2, (width - left - 4) / Math.max(1, cols))
  const cellH = Math.max(12, Math.min(28, cellW * 2.5, 400 / Math.max(1, rows)))
  return { left, top, cellW, cellH, width, height: Math.ceil(top + rows * cellH + 4) }
}

/** The cell under a point of the canvas, or null outside the grid. */
export function cellAt(layout: HeatmapLayout, rows: number, cols: number, x: number, y: number): { row: number; col: number } | null {
  const col = Math.floor((x - layout.left) / layout.cellW)
  const row = Math.floor((y - layout.top) / layout.cellH)
  if (x < layout.left || y < layout.top || col >= cols || row >= rows) return null
  return { row, col }
}

/** Column tick spacing: about one tick per 60 px, on round numbers. */
export function tickStep(cols: number, cellW: number): number {
  const raw = Math.max(1, 60 / cellW)
  for (const s of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]) if (s >= raw) return s
  return Math.ceil(raw / 1000) * 1000 || cols
}
