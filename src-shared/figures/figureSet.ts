import type { ExportFormat, FigureOptions, Metric, RunSeries } from '../domain'

/** The article's pair: training loss and extrapolation test loss against epoch. */
export const FIGURE_SET_METRICS: readonly Metric[] = ['train', 'extrap']

/** A file-name-safe stem: lower case, letters, digits and dashes. */
export function fileStem(name: string, fallback = 'figure'): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
  return stem || fallback
}

/** "<experiment>-train-loss": the base name of one metric's figure for a set of runs. */
export function figureBaseName(series: readonly Pick<RunSeries, 'id' | 'experimentName'>[], metric: Metric): string {
  const names = [...new Set(series.map((s) => s.experimentName))]
  const stem = names.length === 1 ? fileStem(names[0]) : `runs-${series.map((s) => s.id).slice(0, 8).join('-')}`
  return `${stem}-${metric}-loss`
}

export interface FigureSetRequest {
  ids: number[]
  format: ExportFormat
  options: FigureOptions
  scale: number
  baseName: string
  /** each line is an architecture, as in the article */
  legend: 'model'
}

/**
 * The two exports of a figure set, sharing every look-related option of the chart on screen;
 * epoch on x, as in the article. The UI sends both with one click, the CLI writes both files.
 */
export function figureSetRequests(
  ids: number[],
  experimentName: string,
  format: ExportFormat,
  options: FigureOptions,
  scale = 2
): FigureSetRequest[] {
  return FIGURE_SET_METRICS.map((metric) => ({
    ids,
    format,
    options: { ...options, metric, xAxis: 'epoch', title: undefined },
    scale,
    baseName: `${fileStem(experimentName)}-${metric}-loss`,
    legend: 'model'
  }))
}
