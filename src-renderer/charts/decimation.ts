import type { ChartConfiguration, Point } from 'chart.js'

/**
 * Turns Chart.js's min–max decimation off when no line has more than four points a pixel of
 * `widthPx` (the chart's box in device pixels; the plot is narrower): decimation keeps four a pixel
 * (first, lowest, highest, last), so it would only copy such lines, one new object per extreme.
 * Compare's reduced series hold two a pixel column of the plot already (the server's column
 * extremes); a run of every epoch is still decimated.
 */
export function skipNeedlessDecimation(cfg: ChartConfiguration<'line', Point[]>, widthPx: number): boolean {
  const decimation = cfg.options?.plugins?.decimation
  if (!decimation?.enabled || !(widthPx > 0)) return false
  if (cfg.data.datasets.some((d) => d.data.length > 4 * widthPx)) return false
  decimation.enabled = false
  return true
}
