import { defineStore } from 'pinia'
import { computed, markRaw, ref } from 'vue'
import type { EpochMetrics, JobFinished, JobInfo, JobProgress, RunSeries, RunStatus } from '../../src-shared/domain'
import { useApi } from '../api'
import { useNotifications } from './notifications'

export interface FinishedJob extends Omit<JobInfo, 'status'> {
  status: RunStatus
  error: string | null
  divergedAtEpoch: number | null
}

const KEEP_FINISHED = 50

function describeEnd(j: FinishedJob): string | null {
  const who = `Run ${j.runId} (${j.model}, seed ${j.seed})`
  if (j.status === 'diverged') return `${who} diverged${j.divergedAtEpoch ? ` at epoch ${j.divergedAtEpoch}` : ''}${j.error ? `: ${j.error}` : ''}`
  if (j.status === 'failed' || j.status === 'interrupted') return `${who} ${j.status}${j.error ? `: ${j.error}` : ''}`
  return null
}

/**
 * Queued and running jobs and their live series. The series arrays are large and append-only, so
 * they live outside Vue's reactivity (markRaw) and `revision` tells the charts when to redraw.
 */
export const useJobs = defineStore('jobs', () => {
  const jobs = ref<JobInfo[]>([])
  const finished = ref<FinishedJob[]>([])
  const cancelling = ref(new Set<number>())
  const revision = ref(0)
  const series = markRaw(new Map<number, EpochMetrics[]>())
  let unsubscribe: (() => void)[] = []

  function append(runId: number, epochs: readonly EpochMetrics[]): void {
    let arr = series.get(runId)
    if (!arr) series.set(runId, (arr = markRaw([])))
    const last = arr.length ? arr[arr.length - 1].epoch : 0
    for (const e of epochs) if (e.epoch > last) arr.push(e)
  }

  /** Stored epochs from before this window listened, merged under the ones that arrived since. */
  function seed(runId: number, stored: readonly EpochMetrics[]): void {
    const local = series.get(runId) ?? []
    const lastStored = stored.length ? stored[stored.length - 1].epoch : 0
    series.set(runId, markRaw([...stored, ...local.filter((e) => e.epoch > lastStored)]))
  }

  function upsert(info: JobInfo): void {
    const i = jobs.value.findIndex((j) => j.runId === info.runId)
    if (i === -1) jobs.value = [...jobs.value, info]
    else jobs.value[i] = info
  }

  function onProgress(p: JobProgress): void {
    const { newEpochs, ...info } = p
    upsert(info)
    if (newEpochs.length) {
      append(p.runId, newEpochs)
      revision.value++
    }
  }

  function onFinished(f: JobFinished): void {
    const job = jobs.value.find((j) => j.runId === f.runId)
    jobs.value = jobs.value.filter((j) => j.runId !== f.runId)
    cancelling.value.delete(f.runId)
    if (!job) return
    const done: FinishedJob = { ...job, status: f.status, error: f.error, divergedAtEpoch: f.divergedAtEpoch }
    finished.value = [done, ...finished.value].slice(0, KEEP_FINISHED)
    const problem = describeEnd(done)
    if (problem) useNotifications().push('error', `Run ${done.status}`, problem)
    revision.value++
  }

  let refreshing: Promise<void> | null = null
  /** Concurrent callers (the shell at start-up, the Live view) share one round trip. */
  function refresh(): Promise<void> {
    refreshing ??= doRefresh().finally(() => (refreshing = null))
    return refreshing
  }

  async function doRefresh(): Promise<void> {
    const api = useApi()
    try {
      const list = await api.invoke('jobs.list', {})
      for (const j of list) upsert(j)
      const known = new Set(list.map((j) => j.runId))
      jobs.value = jobs.value.filter((j) => known.has(j.runId))
      const missing = list.filter((j) => j.epoch > 0 && (series.get(j.runId)?.length ?? 0) < j.epoch).map((j) => j.runId)
      if (missing.length) {
        for (const s of await api.invoke('runs.series', { ids: missing })) seed(s.id, s.series)
        revision.value++
      }
    } catch (err) {
      useNotifications().error(err, 'Loading the job list')
    }
  }

  /** Subscribe once for the app's lifetime; the Live view and the notifications both rely on it. */
  function start(): Promise<void> {
    if (!unsubscribe.length) {
      const api = useApi()
      unsubscribe = [api.on('jobs.progress', onProgress), api.on('jobs.finished', onFinished)]
    }
    return refresh()
  }

  function stop(): void {
    unsubscribe.forEach((u) => u())
    unsubscribe = []
  }

  async function cancel(runId: number): Promise<void> {
    cancelling.value.add(runId)
    try {
      const { cancelled } = await useApi().invoke('jobs.cancel', { runId })
      if (!cancelled) useNotifications().info(`Run ${runId} was not cancelled`, 'It had already finished.')
    } catch (err) {
      useNotifications().error(err, `Cancelling run ${runId}`)
    } finally {
      cancelling.value.delete(runId)
    }
  }

  function clearFinished(): void {
    for (const f of finished.value) series.delete(f.runId)
    finished.value = []
    revision.value++
  }

  /** Live chart input: running jobs first, then those that finished in this session. */
  const liveSeries = computed<RunSeries[]>(() => {
    void revision.value
    const rows: Omit<JobInfo, 'status'>[] = [...jobs.value, ...finished.value]
    return rows
      .filter((j) => (series.get(j.runId)?.length ?? 0) > 0)
      .map((j) => ({
        id: j.runId, label: `${j.model} · seed ${j.seed}`, model: j.model, seed: j.seed, preset: null,
        experimentName: j.experimentName, series: series.get(j.runId) ?? []
      }))
  })

  return { jobs, finished, cancelling, revision, liveSeries, start, stop, refresh, cancel, clearFinished, onProgress, onFinished }
})
