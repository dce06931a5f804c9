import { defineStore } from 'pinia'
import { computed, markRaw, ref } from 'vue'
import { unpackEpochs, type JobFinished, type JobInfo, type JobProgress, type RunSeries, type RunStatus } from '@shared/domain'
import { useApi } from '../api'
import { useNotifications } from './notifications'
import { LIVE_COLUMNS, LiveTraces, type LiveTrace } from '../lib/liveTraces'
import { liveClock } from '../lib/liveClock'

export interface FinishedJob extends Omit<JobInfo, 'status'> {
  status: RunStatus
  error: string | null
  divergedAtEpoch: number | null
}

/** a study of a few hundred runs stays on the Live charts whole (finished runs' traces are thinned) */
const KEEP_FINISHED = 300
/** the liveClock task order of the store: rows are brought up to date before the charts read them */
export const STORE_TICK_ORDER = -1

/** A run on the Live charts: who it is and how long its x axis is. */
export interface LiveRun {
  runId: number
  model: string
  seed: number
  experimentName: string
  /** its length in epochs (iterations for the iteration schedule): fixes the x axis */
  epochs: number
  schedule: JobInfo['schedule']
  /** it ended in this session: its line no longer changes */
  done: boolean
  /** it waits for a training process: no line yet (only its length counts, for the x axis) */
  queued: boolean
}

function describeEnd(j: FinishedJob): string | null {
  const who = `Run ${j.runId} (${j.model}, seed ${j.seed})`
  if (j.status === 'diverged')
    return `${who} diverged${j.divergedAtEpoch ? ` at epoch ${j.divergedAtEpoch}` : ''}${j.error ? `: ${j.error}` : ''}`
  if (j.status === 'failed' || j.status === 'interrupted') return `${who} ${j.status}${j.error ? `: ${j.error}` : ''}`
  return null
}

/**
 * Queued and running jobs and their live series. The series are large and append-only, so they
 * live outside Vue's reactivity and `revision` tells the charts when to look again; the Live
 * charts then read only what was appended since (see LiveChart).
 */
export const useJobs = defineStore('jobs', () => {
  const jobs = ref<JobInfo[]>([])
  const finished = ref<FinishedJob[]>([])
  const cancelling = ref(new Set<number>())
  const revision = ref(0)
  /**
   * The connection to the main side is gone (browser mode: the server stopped; the banner says why).
   * No event arrives after it, so a row that says "running" only says what it was: the view shows
   * each job's state as unknown and offers no Cancel that could not reach the server.
   */
  const offline = ref(false)
  const series = markRaw(new LiveTraces())
  let unsubscribe: (() => void)[] = []

  function upsert(info: JobInfo): void {
    const i = jobs.value.findIndex((j) => j.runId === info.runId)
    if (i === -1) jobs.value = [...jobs.value, info]
    else jobs.value[i] = info
  }

  /*
   * Events change what the page shows (rows, the finished list, the charts' revision) only in the
   * live clock's tick, one animation frame for all of it: twenty events a second from two training
   * processes, or a hundred runs starting and ending, are one repaint per tick (lib/liveClock.ts).
   * The epochs themselves go into the traces at once (they are not on screen until the charts read
   * them in the tick). `lastSeen` is a job's newest state, so an end recorded in the same tick as
   * its job's first event (or after a refresh dropped the row) still knows the run.
   */
  const pendingRows = new Map<number, JobInfo>()
  const pendingEnds: JobFinished[] = []
  const lastSeen = new Map<number, JobInfo>()
  let grown = false

  function flush(): void {
    for (const info of pendingRows.values()) upsert(info)
    pendingRows.clear()
    const ends = pendingEnds.splice(0)
    for (const f of ends) end(f)
    if (grown || ends.length) revision.value++
    grown = false
    // more lines, costlier ticks: 25 runs or more are redrawn every 2 s (PERIOD_PER_LINE_MS); queued
    // runs count (the x axis already spans them), so the pace holds from the first tick to the last
    liveClock.setLines(jobs.value.length + finished.value.length)
  }

  function onProgress(p: JobProgress): void {
    const { newEpochs, ...info } = p
    pendingRows.set(info.runId, info)
    lastSeen.set(info.runId, info)
    if (newEpochs.points) {
      series.append(p.runId, unpackEpochs(newEpochs))
      grown = true
    }
    liveClock.request()
  }

  function onFinished(f: JobFinished): void {
    pendingEnds.push(f)
    liveClock.request()
  }

  function end(f: JobFinished): void {
    const job = jobs.value.find((j) => j.runId === f.runId) ?? lastSeen.get(f.runId)
    lastSeen.delete(f.runId)
    jobs.value = jobs.value.filter((j) => j.runId !== f.runId)
    cancelling.value.delete(f.runId)
    if (!job) return
    const done: FinishedJob = { ...job, status: f.status, error: f.error, divergedAtEpoch: f.divergedAtEpoch }
    series.finish(f.runId)
    const all = [done, ...finished.value]
    for (const dropped of all.slice(KEEP_FINISHED)) series.delete(dropped.runId)
    finished.value = all.slice(0, KEEP_FINISHED)
    const problem = describeEnd(done)
    if (problem) useNotifications().push('error', `Run ${done.status}`, problem)
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
      // one new array (a study lists a hundred queued runs: not a copy of the rows per run)
      const known = new Set(list.map((j) => j.runId))
      const kept = jobs.value.filter((j) => known.has(j.runId))
      const at = new Map(kept.map((j, i) => [j.runId, i]))
      for (const j of list) {
        const i = at.get(j.runId)
        if (i === undefined) kept.push(j)
        else kept[i] = j
        lastSeen.set(j.runId, j)
      }
      jobs.value = kept
      const missing = list.filter((j) => series.missesEpochs(j.runId, j.epoch)).map((j) => j.runId)
      if (missing.length) {
        // reduced on the server to the resolution the live traces keep anyway
        for (const s of await api.invoke('runs.series', { ids: missing, columns: LIVE_COLUMNS })) series.seed(s.id, s.series)
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
      unsubscribe = [
        api.on('jobs.progress', onProgress),
        api.on('jobs.finished', onFinished),
        // runs queued from elsewhere (another window, a second client): their rows appear queued
        // rather than only once each starts; one list per experiment, not per run event
        api.on('runs.changed', (c) => void (c.reason === 'created' && refresh())),
        api.onDisconnect(() => (offline.value = true)),
        liveClock.subscribe(flush, STORE_TICK_ORDER, { endsFrame: true })
      ]
    }
    return refresh()
  }

  function stop(): void {
    flush()
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

  /** Who is on the Live charts: running jobs first, then those that finished in this session. */
  const liveRuns = computed<LiveRun[]>(() => {
    const run = (j: JobInfo | FinishedJob, done: boolean): LiveRun => ({
      runId: j.runId,
      model: j.model,
      seed: j.seed,
      experimentName: j.experimentName,
      epochs: j.epochs,
      schedule: j.schedule,
      done,
      queued: j.status === 'queued'
    })
    return [...jobs.value.map((j) => run(j, false)), ...finished.value.map((j) => run(j, true))]
  })

  /** One run's live epochs (empty if none arrived); the array is the store's own, do not change it. */
  function epochsOf(runId: number): LiveTrace | undefined {
    return series.get(runId)
  }

  /** Runs with epochs, as RunSeries: for views that draw one run whole (the run page). */
  const liveSeries = computed<RunSeries[]>(() => {
    void revision.value
    return liveRuns.value
      .filter((j) => series.received(j.runId) > 0)
      .map((j) => ({
        id: j.runId,
        label: `${j.model} · seed ${j.seed}`,
        model: j.model,
        seed: j.seed,
        preset: null,
        experimentName: j.experimentName,
        series: series.get(j.runId)?.epochs ?? []
      }))
  })

  return {
    jobs,
    finished,
    cancelling,
    revision,
    offline,
    liveRuns,
    liveSeries,
    epochsOf,
    start,
    stop,
    refresh,
    cancel,
    clearFinished,
    onProgress,
    onFinished
  }
})
