import type { LabContext } from '../ipc/context'

/**
 * As each run ends, its chart reduction is made in the background (store.prepareChartSeries: the
 * epochs read in slices, one run after another), so the first Compare of long runs reads one
 * stored row per run instead of every epoch. Runs ended elsewhere (imports, Slurm shards, older
 * versions) get theirs on their first chart request.
 */
export function prepareAsRunsEnd(ctx: Pick<LabContext, 'events' | 'store'>, log: (m: string) => void = (m) => console.error(m)): void {
  const { events, store } = ctx
  let chain: Promise<unknown> = Promise.resolve()
  events.subscribe((channel, payload) => {
    if (channel !== 'jobs.finished') return
    const { runId } = payload as { runId: number }
    chain = chain
      .then(() => (store.isOpen ? store.prepareChartSeries(runId) : false))
      .catch((err: unknown) => {
        // a closed store (shutdown, a test's end) stops it quietly; anything else is worth a line
        if (store.isOpen) log(`chart series of run ${runId} not prepared: ${err instanceof Error ? err.message : String(err)}`)
      })
  })
}
