import { z } from 'zod'

export const Metric = z.enum(['train', 'interp', 'extrap'])
export type Metric = z.infer<typeof Metric>
export const METRIC_TITLE: Record<Metric, string> = {
  train: 'Training loss (MSE)',
  interp: 'Interpolation test loss (MSE)',
  extrap: 'Extrapolation test loss (MSE)'
}

/** Everything that decides how a loss chart looks; the screen and every export share it. */
export const FigureOptions = z
  .object({
    metric: Metric,
    logY: z.boolean().default(true),
    xAxis: z.enum(['epoch', 'wall']).default('epoch'),
    /** debiased EMA weight in [0, 1); 0 = no smoothing */
    smoothing: z.number().min(0).lt(1).default(0),
    title: z.string().max(300).optional(),
    theme: z.enum(['light', 'dark', 'print']).default('light'),
    fontSize: z.number().min(6).max(48).default(12),
    /** one line per run (absent), or per model: the median over its seeds with the interquartile range as a band */
    groupBy: z.enum(['run', 'model']).optional(),
    /** interpolation/extrapolation loss of each output, or of each operation (mean over its outputs) */
    split: z.enum(['output', 'op']).optional(),
    widthPx: z.number().int().min(48).max(8000).default(800),
    heightPx: z.number().int().min(48).max(8000).default(500)
  })
  .strict()
export type FigureOptions = z.infer<typeof FigureOptions>
export type FigureOptionsInput = z.input<typeof FigureOptions>

export const ExportFormat = z.enum(['png', 'svg', 'pdf', 'csv', 'json'])
export type ExportFormat = z.infer<typeof ExportFormat>
