import type { LabStore } from '../store'
import { SlurmError, type SlurmCluster } from './cluster'
import { collectExperiment } from './collect'

export interface PollerOptions {
  store: LabStore
  cluster: SlurmCluster
  /** between the end of one poll and the start of the next */
  intervalMs: number
  /** after each poll: the studies asked about, and whether any run's status, task state or steps changed */
  onPolled(experimentIds: number[], changed: boolean): void
  log?: (msg: string) => void
}

export interface SlurmPoller {
  /** Polls after `delayMs` (default: the interval) unless a poll is already due sooner or under way. */
  wake(delayMs?: number): void
  /** whether a poll is due or under way */
  readonly polling: boolean
  /** what the last poll could not do (Slurm's words), null when it went through */
  readonly note: string | null
  /** Stops polling; resolves once a poll under way has finished writing. */
  stop(): Promise<void>
}

/** What the lists show of the studies' runs on Slurm: a change here is what `runs.changed` announces. */
function fingerprint(store: LabStore, ids: number[]): string {
  return ids
    .map((id) => {
      const runs = store.getStudy(id)?.runs ?? []
      const info = store.slurm.runs(runs.map((r) => r.id))
      return runs
        .map((r) => `${r.id}:${r.status}:${r.epochsDone}:${info.get(r.id)?.state ?? ''}:${info.get(r.id)?.epochsDone ?? ''}`)
        .join(',')
    })
    .join('|')
}

/**
 * Asks Slurm, now and then, about every study with runs still out on it, collecting what its tasks
 * finished (the same collect as `lab collect`). One poll at a time; when no study has runs out,
 * it stops until woken (a study page or the Live view asking, a cancel, the app's start).
 */
export function createSlurmPoller(opts: PollerOptions): SlurmPoller {
  let timer: ReturnType<typeof setTimeout> | null = null
  let due = Infinity
  let running: Promise<void> | null = null
  let stopped = false
  let note: string | null = null
  /** a wake that arrived during a poll: honoured when it ends */
  let next = Infinity

  async function poll(): Promise<void> {
    const ids = opts.store.slurm.activeExperiments()
    if (!ids.length) return
    const before = fingerprint(opts.store, ids)
    const problems: string[] = []
    for (const id of ids) {
      try {
        problems.push(...(await collectExperiment(opts.store, opts.cluster, id)).notes.filter((n) => n.includes('reading the shards only')))
      } catch (err) {
        if (!(err instanceof SlurmError)) opts.log?.(`slurm poll of experiment ${id}: ${(err as Error).stack ?? String(err)}`)
        problems.push(`experiment ${id}: ${(err as Error).message}`)
      }
      if (stopped) return
    }
    note = problems.length ? problems.join('; ') : null
    opts.onPolled(ids, fingerprint(opts.store, ids) !== before)
  }

  /** false too for a store closed under a forgotten poller: polling ends, nothing throws */
  function hasActive(): boolean {
    try {
      return opts.store.slurm.activeExperiments().length > 0
    } catch {
      return false
    }
  }

  function tick(): void {
    timer = null
    due = Infinity
    running = poll()
      .catch((err: unknown) => {
        note = `the last poll failed: ${(err as Error).message}`
        opts.log?.(`slurm poll: ${(err as Error).stack ?? String(err)}`)
      })
      .finally(() => {
        running = null
        const delay = Math.min(next, opts.intervalMs)
        next = Infinity
        if (!stopped && hasActive()) wake(delay)
      })
  }

  function wake(delayMs = opts.intervalMs): void {
    if (stopped) return
    if (running) {
      next = Math.min(next, delayMs)
      return
    }
    const at = Date.now() + delayMs
    if (timer && at >= due) return
    if (timer) clearTimeout(timer)
    due = at
    timer = setTimeout(tick, delayMs)
    timer.unref?.()
  }

  return {
    wake,
    get polling() {
      return timer !== null || running !== null
    },
    get note() {
      return note
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      await running
    }
  }
}
