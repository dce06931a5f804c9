import { FigureOptions, type FigureOptionsInput, type Metric } from '@shared/domain'

/** Complete FigureOptions for an on-screen chart; the export menu gets the same object. */
export function figureOptions(metric: Metric, patch: Omit<FigureOptionsInput, 'metric'> = {}): FigureOptions {
  return FigureOptions.parse({ ...patch, metric })
}
