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

type RunRef = Pick<RunSeries, 'id' | 'experimentName'>

/** The experiment's name as a file stem, or the run ids when the runs come from several. */
export function seriesStem(runs: readonly RunRef[]): string {
  const names = [...new Set(runs.map((s) => s.experimentName))]
  return names.length === 1
    ? fileStem(names[0])
    : `runs-${runs
        .map((s) => s.id)
        .slice(0, 8)
        .join('-')}`
}

/** "<experiment>-train-loss": the base name of one metric's figure for a set of runs. */
export function figureBaseName(runs: readonly RunRef[], metric: Metric): string {
  return `${seriesStem(runs)}-${metric}-loss`
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
 * The two exports of a figure set for the runs of a comparison (in their chart order), sharing
 * every look-related option of the chart on screen; epoch on x, as in the article. The UI sends
 * both with one click (two figures.export calls), the CLI writes both files.
 */
export function figureSetRequests(runs: readonly RunRef[], format: ExportFormat, options: FigureOptions, scale = 2): FigureSetRequest[] {
  return FIGURE_SET_METRICS.map((metric) => ({
    ids: runs.map((r) => r.id),
    format,
    options: { ...options, metric, xAxis: 'epoch', title: undefined },
    scale,
    baseName: figureBaseName(runs, metric),
    legend: 'model'
  }))
}

/** A comparison's bundle: the figure set as PNG, SVG and PDF, its data as CSV and JSON (with every run's configuration). */
export const BUNDLE_FORMATS: readonly ExportFormat[] = ['png', 'svg', 'pdf', 'csv', 'json']

/** The files of a bundle, in the order they go into its .zip. */
export function bundleRequests(runs: readonly RunRef[], options: FigureOptions, scale = 2): FigureSetRequest[] {
  return BUNDLE_FORMATS.flatMap((f) => figureSetRequests(runs, f, options, scale))
}

/** "<experiment>-bundle.zip" */
export function bundleFileName(runs: readonly RunRef[]): string {
  return `${seriesStem(runs)}-bundle.zip`
}
