import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { StudyMetric, StudySeries, StudySummary } from '@shared/domain'
import { useApi } from '../api'
import { readableError, type ReadableError } from '../lib/errors'

/** How long the page waits after a run ends or progresses before it reads the summary again. */
const REFRESH_MS = 1500
/**
 * The curves are re-read when a run ends, and while runs progress at most this often: reading a
 * paper-sized study's curves (300 runs × 5001 points) takes the main side about 0.6 s.
 */
const CURVES_MS = 15_000

/**
 * One study (an experiment over seeds) as its page shows it: the summary (rates, intervals,
 * progress) and the grouped curves of one loss. Both are reduced on the main side, so the page
 * holds a few hundred points a model whatever the number of seeds; each seed's curve only when
 * asked for. Runs ending or progressing refresh it, at most every REFRESH_MS.
 */
export const useStudy = defineStore('study', () => {
  const experimentId = ref<number | null>(null)
  const summary = shallowRef<StudySummary | null>(null)
  const series = shallowRef<StudySeries | null>(null)
  const metric = ref<StudyMetric>('extrapMse')
  const showSeeds = ref(false)
  const error = ref<ReadableError | null>(null)
  const busy = ref<'' | 'adding' | 'resuming'>('')
  /** what the last add or resume did, in a sentence */
  const message = ref('')
  let requestNo = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let offs: (() => void)[] = []

  let curvesAt = 0
  let curvesDue = false

  /** The summary, and the curves too unless `curves` is false. */
  async function load(curves = true): Promise<void> {
    const id = experimentId.value
    if (id === null) return
    const mine = ++requestNo
    try {
      const [s, c] = await Promise.all([
        useApi().invoke('studies.summary', { experimentId: id }),
        curves ? useApi().invoke('studies.series', { experimentId: id, metric: metric.value, seeds: showSeeds.value }) : null
      ])
      if (mine !== requestNo) return
      summary.value = s
      if (c) {
        series.value = c
        curvesAt = Date.now()
      }
      error.value = null
    } catch (err) {
      if (mine === requestNo) error.value = readableError(err)
    }
  }

  /** After REFRESH_MS: the summary, with the curves if a run ended or CURVES_MS have passed. */
  function refreshSoon(runEnded: boolean): void {
    curvesDue ||= runEnded
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      const curves = curvesDue || Date.now() - curvesAt >= CURVES_MS
      curvesDue = false
      void load(curves)
    }, REFRESH_MS)
  }

  /** Opens a study and follows its runs until close(). */
  function open(id: number): Promise<void> {
    close()
    experimentId.value = id
    summary.value = null
    series.value = null
    message.value = ''
    const api = useApi()
    const mine = (p: { experimentId?: number }) => p.experimentId === undefined || p.experimentId === id
    offs = [api.on('runs.changed', () => refreshSoon(true)), api.on('jobs.progress', (p) => mine(p) && refreshSoon(false))]
    return load()
  }

  function close(): void {
    offs.forEach((off) => off())
    offs = []
    if (timer) clearTimeout(timer)
    timer = null
    experimentId.value = null
  }

  function setMetric(m: StudyMetric): Promise<void> {
    metric.value = m
    return load()
  }

  function setShowSeeds(on: boolean): Promise<void> {
    showSeeds.value = on
    return load()
  }

  /** A change to the study: `busy` while it runs, then its message and a reload, or its error. */
  async function act(what: 'adding' | 'resuming', change: (experimentId: number) => Promise<string>): Promise<void> {
    if (experimentId.value === null) return
    busy.value = what
    try {
      message.value = await change(experimentId.value)
      error.value = null
      await load()
    } catch (err) {
      error.value = readableError(err)
    } finally {
      busy.value = ''
    }
  }

  function addSeeds(seeds: number[]): Promise<void> {
    return act('adding', async (id) => {
      const r = await useApi().invoke('studies.addSeeds', { experimentId: id, seeds })
      const skipped = r.skipped.length ? `; ${r.skipped.length} seed${r.skipped.length === 1 ? ' was' : 's were'} already in the study` : ''
      return r.added.length
        ? `Queued ${r.runIds.length} run${r.runIds.length === 1 ? '' : 's'} for ${r.added.length} new seed${r.added.length === 1 ? '' : 's'}${skipped}.`
        : `Nothing to add: every seed is already in the study.`
    })
  }

  function resume(): Promise<void> {
    return act('resuming', async (id) => {
      const r = await useApi().invoke('studies.resume', { experimentId: id })
      const n = r.requeued.length + r.created.length
      return n
        ? `Queued ${n} run${n === 1 ? '' : 's'} again (${r.requeued.length} stopped, ${r.created.length} missing).`
        : 'Nothing to resume.'
    })
  }

  return {
    experimentId,
    summary,
    series,
    metric,
    showSeeds,
    error,
    busy,
    message,
    open,
    close,
    load,
    setMetric,
    setShowSeeds,
    addSeeds,
    resume
  }
})
