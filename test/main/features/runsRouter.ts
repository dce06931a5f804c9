import { setupRuns } from '../../../src-main/features/runs'
import { openStore, type LabStore } from '../../../src-main/store'
import type { LabContext } from '../../../src-main/ipc/context'
import { ENV, runsOf, spec } from '../store/fixtures'
import { strictContext } from '../../helpers/strictContext'

/** An in-memory store with one experiment, its runs' handlers on the strict Router, and its first run marked running. */
export function runsRouter(): { store: LabStore; ctx: LabContext; ids: number[] } {
  const store = openStore(':memory:')
  const { ctx } = strictContext(store)
  setupRuns(ctx)
  const s = spec()
  const ids = store.createExperiment(s, runsOf(s)).runIds
  store.markRunning(ids[0], ENV)
  return { store, ctx, ids }
}
