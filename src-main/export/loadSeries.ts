import { ApiError } from '@shared/api'
import type { RunDetail, RunSeries } from '@shared/domain'
import type { LabStore } from '../store/types'

/**
 * The runs' series in the order asked for (the order decides each run's colour, so the export
 * matches the chart that listed them), refusing ids the store does not have.
 */
export function loadSeriesInOrder(store: Pick<LabStore, 'getSeries'>, ids: readonly number[]): RunSeries[] {
  const unique = [...new Set(ids)]
  const byId = new Map(store.getSeries(unique).map((s) => [s.id, s]))
  const missing = unique.filter((id) => !byId.has(id))
  if (missing.length) {
    throw ApiError.notFound('Run', missing, 'ids')
  }
  return unique.map((id) => byId.get(id) as RunSeries)
}

/** What a data export carries of each run beyond its series: everything needed to run it again. */
export interface RunMeta {
  id: number
  configHash: string
  spec: RunDetail['spec']
  modelSpec: RunDetail['modelSpec']
  config: RunDetail['config']
}

export function loadRunMeta(store: Pick<LabStore, 'getRun'>, ids: readonly number[]): RunMeta[] {
  return [...new Set(ids)].flatMap((id) => {
    const d = store.getRun(id, { series: false })
    return d ? [{ id: d.id, configHash: d.configHash, spec: d.spec, modelSpec: d.modelSpec, config: d.config }] : []
  })
}
