import type { Matrix } from '@shared/domain'
import { divergingColour, tickStep, type HeatmapLayout } from './heatmap'

export interface HeatmapStyle {
  text: string
  grid: string
  dark: boolean
  font: string
}

export function labelWidth(ctx: CanvasRenderingContext2D, labels: readonly string[], font: string): number {
  ctx.font = font
  let w = 0
  for (const l of labels) w = Math.max(w, ctx.measureText(l).width)
  return w
}

/**
 * Draws by hand (not Chart.js): a heatmap is not a loss chart, and a 10 × 100 matrix is 1,000
 * rectangles, which a plain canvas draws in well under a frame.
 */
export function drawHeatmap(
  ctx: CanvasRenderingContext2D,
  m: Matrix,
  rowLabels: readonly string[],
  layout: HeatmapLayout,
  limit: number,
  style: HeatmapStyle,
  highlight: { row: number; col: number } | null = null
): void {
  const { left, top, cellW, cellH } = layout
  ctx.clearRect(0, 0, layout.width, layout.height)
  ctx.font = style.font
  ctx.fillStyle = style.text
  ctx.textBaseline = 'middle'
  ctx.textAlign = 'right'
  for (let r = 0; r < m.rows; r++) ctx.fillText(rowLabels[r] ?? `row ${r}`, left - 6, top + (r + 0.5) * cellH)

  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      const v = m.data[r * m.cols + c]
      const x = left + c * cellW
      const y = top + r * cellH
      if (Number.isFinite(v)) {
        ctx.fillStyle = divergingColour(v, limit, style.dark)
        ctx.fillRect(x, y, Math.ceil(cellW), Math.ceil(cellH))
      } else {
        // NaN/∞ weights (a diverged run) are marked, not silently coloured as 0
        ctx.fillStyle = style.grid
        ctx.fillRect(x, y, Math.ceil(cellW), Math.ceil(cellH))
        ctx.strokeStyle = style.text
        ctx.beginPath()
        ctx.moveTo(x, y)
        ctx.lineTo(x + cellW, y + cellH)
        ctx.stroke()
      }
    }
  }

  // column ticks and light separators, so "input 37" can be found without counting cells
  const step = tickStep(m.cols, cellW)
  ctx.textAlign = 'center'
  ctx.textBaseline = 'alphabetic'
  ctx.strokeStyle = style.grid
  ctx.lineWidth = 1
  for (let c = 0; c < m.cols; c += step) {
    const x = left + c * cellW
    ctx.fillStyle = style.text
    ctx.fillText(String(c), x + cellW / 2, top - 5)
    if (c > 0) {
      ctx.beginPath()
      ctx.moveTo(Math.round(x) + 0.5, top)
      ctx.lineTo(Math.round(x) + 0.5, top + m.rows * cellH)
      ctx.stroke()
    }
  }
  for (let r = 1; r < m.rows; r++) {
    ctx.beginPath()
    ctx.moveTo(left, Math.round(top + r * cellH) + 0.5)
    ctx.lineTo(left + m.cols * cellW, Math.round(top + r * cellH) + 0.5)
    ctx.stroke()
  }

  if (highlight) {
    ctx.strokeStyle = style.text
    ctx.lineWidth = 2
    ctx.strokeRect(left + highlight.col * cellW, top + highlight.row * cellH, cellW, cellH)
  }
}
