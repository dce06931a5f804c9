import { ApiError } from '../../src-shared/api'
import type { RunSeries } from '../../src-shared/domain'
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
    throw new ApiError({
      code: 'not_found',
      field: 'ids',
      message: missing.length === 1 ? `No run with id ${missing[0]}.` : `No runs with ids ${missing.join(', ')}.`
    })
  }
  return unique.map((id) => byId.get(id) as RunSeries)
}
