import type { ChartConfiguration, Point } from 'chart.js'

/**
 * Beyond this many points on one chart its lines are drawn one CSS pixel wide. Compare's 20 runs
 * reduced to a 1,100-pixel plot are about 44,000 (two a pixel column a run); a handful of runs of
 * a few thousand epochs stay under it.
 */
export const DENSE_POINTS = 10_000

/**
 * Thins the lines of a dense screen chart to one CSS pixel. Skia rasterises a stroke wider than
 * one device pixel as an antialiased outline and a stroke of one pixel on its hairline path: in
 * headless Chromium without a GPU, 20 lines of 2,000 points made a task of 93–327 ms at the
 * themes' 1.5 px (the raster before the compositor's commit; the script took 1–5 ms once warm)
 * and none over 50 ms at 1 px, and the raster was a large part of each Compare chart's long task
 * (docs/ui.md, round 9). Twenty overlapping runs read better thin too. Exports keep the theme's
 * widths: a figure is drawn once, for print. On a screen of two device pixels per CSS pixel the
 * line is two device pixels wide, off the hairline path: such machines draw canvases on their GPU.
 */
export function thinDenseLines(cfg: ChartConfiguration<'line', Point[]>): boolean {
  let points = 0
  for (const d of cfg.data.datasets) points += d.data.length
  for (const d of cfg.data.datasets) if (typeof d.borderWidth === 'number') d.borderWidth = screenLineWidth(d.borderWidth, points)
  return points >= DENSE_POINTS
}

/**
 * A line's width on a chart of `points` points: its theme's, or one pixel from DENSE_POINTS on.
 * The Live charts give the points their lines will hold, so a line keeps its width as it grows.
 */
export function screenLineWidth(width: number, points: number): number {
  return points >= DENSE_POINTS ? Math.min(width, 1) : width
}
