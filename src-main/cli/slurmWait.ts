import type { LabStore } from '../store'
import { collectExperiment } from '../slurm/collect'
import type { SlurmCluster } from '../slurm/cluster'
import { experimentRuns } from '../slurm/submit'
import { describeCollected, printRuns } from './collect'
import type { CliIo } from './io'

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true })
  })

/**
 * Collects every `pollMs` until no run of the experiment is out on the cluster any more (or, with
 * `only`, until that one task has ended), printing each change of state. Ctrl-C stops waiting, not
 * the job. Prints the runs at the end (a table, or JSON with `json`). Exit code: 0 when every run completed, diverged or was cancelled, 1 if one failed or
 * was interrupted, 130 when the user stopped waiting.
 */
export async function waitForExperiment(
  store: LabStore,
  cluster: SlurmCluster,
  experimentId: number,
  io: CliIo,
  opts: { pollMs: number; json?: boolean; only?: { submission: number; task: number } }
): Promise<number> {
  const { pollMs, only } = opts
  const stop = new AbortController()
  const onSigint = () => stop.abort()
  process.once('SIGINT', onSigint)
  let last = ''
  try {
    for (;;) {
      const c = await collectExperiment(store, cluster, experimentId)
      for (const e of c.ended) io.stderr(`run ${e.runId}: ${e.status}: ${e.error}\n`)
      for (const id of c.imported) {
        const r = store.getRun(id, { series: false })
        if (r) io.stderr(`run ${id}: ${r.status}${r.status === 'completed' ? '' : ` (${r.error ?? ''})`}\n`)
      }
      const slurm = store.slurm.runs()
      const line = experimentRuns(store, experimentId)
        .map((r) => `${r.status}:${slurm.get(r.id)?.state}:${slurm.get(r.id)?.epochsDone}`)
        .join(',')
      if (line !== last && c.waiting.length) io.stderr(`${c.waiting.length} run(s) still on the cluster (${summary(store, c.waiting)})\n`)
      last = line
      const pending = only
        ? c.waiting.some((id) => slurm.get(id)?.submission === only.submission && slurm.get(id)?.task === only.task)
        : c.waiting.length > 0
      if (!pending) break
      await sleep(pollMs, stop.signal)
      if (stop.signal.aborted) {
        io.stderr(`Stopped waiting; the job goes on. Bring its results home with: npm run lab -- collect --experiment ${experimentId}\n`)
        return 130
      }
    }
    const c = await collectExperiment(store, cluster, experimentId)
    if (c.notes.length) io.stderr(describeCollected(c))
    printRuns(store, experimentId, !!opts.json, io)
    const statuses = experimentRuns(store, experimentId).map((r) => r.status)
    return statuses.some((s) => s === 'failed' || s === 'interrupted') ? 1 : 0
  } finally {
    process.removeListener('SIGINT', onSigint)
  }
}

function summary(store: LabStore, ids: number[]): string {
  const slurm = store.slurm.runs(ids)
  const counts = new Map<string, number>()
  for (const id of ids) {
    const state = slurm.get(id)?.state ?? 'UNKNOWN'
    counts.set(state, (counts.get(state) ?? 0) + 1)
  }
  return [...counts].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')
}
