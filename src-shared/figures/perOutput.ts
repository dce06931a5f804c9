import { OP_SYMBOL, type EpochMetrics, type GeneratedConfig, type Op, type RunSeries } from '../domain'

/**
 * Loss per output and per operation. The article explains NALU's rising test loss by its signed
 * products failing while its sums succeed; these curves let a reader see that. A split series is
 * an ordinary RunSeries whose interpolation and extrapolation losses are one output's (or the mean
 * of one operation's outputs), so every chart, grouping and export handles it unchanged. The
 * training loss is not recorded per output: it is NaN in a split series.
 */
export type SplitBy = 'output' | 'op'

export interface SeriesPart {
  /** "y0 = x1 × x3" (0-based, as the per-output table) or "×" */
  name: string
  /** the operation of the part, which picks its colour when one model is plotted */
  op: Op
}

export type PlotSeries = RunSeries & { part?: SeriesPart }

export const OP_ORDER: readonly Op[] = ['add', 'sub', 'mul', 'div']

/** The operation of each output of a run, from what its generator drew. */
export function outputOps(config: GeneratedConfig): { op: Op; name: string }[] {
  if (config.kind === 'subsets') return [{ op: config.op, name: `a ${OP_SYMBOL[config.op]} b` }]
  return config.outputs.map((p, k) => ({ op: p.op, name: `y${k} = x${p.i} ${OP_SYMBOL[p.op]} x${p.j}` }))
}

function meanOf(values: readonly number[], idx: readonly number[]): number {
  let sum = 0
  for (const k of idx) sum += values[k]
  return idx.length ? sum / idx.length : NaN
}

function partEpochs(series: readonly EpochMetrics[], idx: readonly number[]): EpochMetrics[] {
  return series.map((e) => ({
    ...e,
    trainMse: NaN,
    interpMse: meanOf(e.perOutput.interp, idx),
    extrapMse: meanOf(e.perOutput.extrap, idx)
  }))
}

/**
 * Each run split into one series per output, or per operation (the mean loss of the outputs that
 * use it). `configs` maps a run id to its generated config; a run without one is left whole.
 */
export function splitSeries(series: readonly RunSeries[], configs: ReadonlyMap<number, GeneratedConfig>, by: SplitBy): PlotSeries[] {
  return series.flatMap((run): PlotSeries[] => {
    const config = configs.get(run.id)
    if (!config) return [run]
    const outputs = outputOps(config)
    if (by === 'output') {
      return outputs.map((o, k) => ({ ...run, part: { name: o.name, op: o.op }, series: partEpochs(run.series, [k]) }))
    }
    return OP_ORDER.flatMap((op) => {
      const idx = outputs.flatMap((o, k) => (o.op === op ? [k] : []))
      return idx.length ? [{ ...run, part: { name: OP_SYMBOL[op], op }, series: partEpochs(run.series, idx) }] : []
    })
  })
}
