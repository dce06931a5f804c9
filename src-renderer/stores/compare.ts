import { defineStore } from 'pinia'
import { markRaw, reactive, ref, shallowRef, watch } from 'vue'
import type { ExperimentSpec, GeneratedConfig, Metric, ModelSpec, RunSeries } from '@shared/domain'
import { lossPoints, METRIC_FIELD } from '@shared/figures'
import { chartLines } from '@shared/series/lines'
import { everyEpoch } from '@shared/series/epochPiece'
import { useApi } from '../api'
import { readableError, type ReadableError } from '../lib/errors'
import { DEFAULT_COMPARE_VIEW, type CompareView } from '../lib/compareQuery'
import { runSolved } from '../lib/modelSummary'
import { runStats } from '../lib/seriesStats'

export type { CompareView }

/** what the page margins, the panel padding and the y axis with its labels take beside a chart's plot, in CSS pixels (1400 px window, 20 runs: a 986 px plot) */
const AXES_PX = 160
/** the legend column beside a chart of more than 6 lines (ChartLegend: 15rem) */
const LEGEND_BESIDE_PX = 240
/** chart requests in flight at once */
const IN_FLIGHT = 2
/** runs.epochs requests in flight at once: two pieces ending in one turn of the server's event loop stay short */
const EVERY_IN_FLIGHT = 2

/**
 * `fetch` for each run, `inFlight` at a time, in the order given; a run that is not there (not_found)
 * is null, any other error is thrown. Compare's reduced and every-epoch loads both ask so.
 */
async function perRun<T>(ids: readonly number[], inFlight: number, fetch: (id: number) => Promise<T>): Promise<(T | null)[]> {
  const out = ids.map((): T | null => null)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const i = next++
      try {
        out[i] = await fetch(ids[i])
      } catch (err) {
        if (readableError(err).code !== 'not_found') throw err
      }
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
  return out
}

export interface RunConfig {
  id: number
  seed: number
  model: string
  spec: ExperimentSpec
  modelSpec: ModelSpec
  config: GeneratedConfig
  /** the run solved its task (runSolved); null while it runs */
  solved: boolean | null
}

/**
 * The runs being compared. 20 runs × 10,000 epochs is 200,000 objects: they stay raw (no deep
 * proxies) and only the array reference is reactive. A link naming a run that does not exist
 * still shows the others, and says which id it left out.
 */
export const useCompare = defineStore('compare', () => {
  const ids = ref<number[]>([])
  const series = shallowRef<readonly RunSeries[]>([])
  const view = reactive<CompareView>({ ...DEFAULT_COMPARE_VIEW })
  const loading = ref(false)
  const error = ref<ReadableError | null>(null)
  /** ids of the link that name no run */
  const missing = ref<number[]>([])
  const configs = shallowRef<RunConfig[]>([])
  const configError = ref<ReadableError | null>(null)
  /** the series were loaded with their per-output losses (needed to split per output or operation) */
  const withOutputs = ref(false)
  /** the pixel columns the series came reduced to (see needsEveryEpoch), null for every epoch */
  const reducedTo = ref<number | null>(null)
  /** the series hold each epoch's wall time: reduced ones only when asked (an x axis of wall time), a quarter of their bytes */
  const withWall = ref(false)
  /**
   * Of reduced series, what each metric's chart draws: its own loss's column extremes (the answer
   * holds all three losses'), at most two points a pixel column per run. Made as each answer
   * arrives, between waits, not all at once when the charts are built; null for every epoch.
   */
  const byMetric = shallowRef<Readonly<Record<Metric, readonly RunSeries[]>> | null>(null)
  let requestNo = 0

  /**
   * Series reduced to the window's width (each pixel column's extremes) draw the same lines for a
   * fraction of the bytes; smoothing (an EMA of column extremes would misdraw the curve), grouping
   * by model (medians need each seed at the same epochs) and per-output splits need every epoch.
   */
  const needsEveryEpoch = (perOutput: boolean) => perOutput || view.smoothing > 0 || view.groupBy === 'model'
  function columns(): number {
    return Math.max(16, Math.min(8192, Math.round(window.innerWidth * (window.devicePixelRatio || 1))))
  }
  /**
   * The device pixels a chart's plot spans: the window's less the y axis and its labels, and the
   * legend's column when it goes beside the plot (more than 6 lines, ChartLegend's 15rem). Each
   * line keeps two points a pixel column of that (a third fewer than of the whole window's width,
   * and Chart.js's cost is per point).
   */
  function plotColumns(width: number, runs: number): number {
    const dpr = window.devicePixelRatio || 1
    return Math.max(16, Math.round(width - (AXES_PX + (runs > 6 ? LEGEND_BESIDE_PX : 0)) * dpr))
  }

  /**
   * Reduced series come one run per request (runs.chart cut to the plot: a plot block and a mask a
   * point, not an object per epoch), two in flight: each answer is small to encode on the server and to decode here, and
   * the server answers other requests, live progress included, between them. Each metric's lines
   * are made as each answer arrives, between waits. A run that is not there is left out and named.
   * Every epoch comes one run per request too (fetchEvery).
   */
  async function fetchReduced(
    wanted: number[]
  ): Promise<{ got: RunSeries[]; absent: number[]; width: number; wall: boolean; metrics: Record<Metric, RunSeries[]> }> {
    const width = columns()
    const wall = view.xAxis === 'wall'
    const plotWidth = plotColumns(width, wanted.length)
    const answers = await perRun(wanted, IN_FLIGHT, async (id) => {
      const chart = await useApi().invoke('runs.chart', { id, columns: width, plot: plotWidth, ...(wall ? { wall } : {}) })
      const { label, model, seed, preset, experimentName, epochCount } = chart
      const who = { id: chart.id, label, model, seed, preset, experimentName, epochCount }
      const { union, lines } = chartLines(chart, plotWidth)
      // the summary's numbers and each chart's points now, while the next answer is on its way,
      // not all in the tasks that first draw the page (both are kept per epochs array)
      runStats(union)
      const line = (m: Metric) => {
        const field = METRIC_FIELD[m]
        lossPoints(lines[field], field, wall ? 'wall' : 'epoch')
        return markRaw({ ...who, series: markRaw(lines[field]) })
      }
      return {
        run: markRaw({ ...who, series: markRaw(union) }),
        thinned: { train: line('train'), interp: line('interp'), extrap: line('extrap') }
      }
    })
    const kept = answers.filter((a) => a !== null)
    return {
      got: kept.map((a) => a.run),
      absent: wanted.filter((_, i) => answers[i] === null),
      width,
      wall,
      metrics: {
        train: kept.map((a) => a.thinned.train),
        interp: kept.map((a) => a.thinned.interp),
        extrap: kept.map((a) => a.thinned.extrap)
      }
    }
  }

  /**
   * Every epoch (smoothing, grouping by model, per-output splits) comes one run per request too
   * (runs.epochs: packed Float64 columns, the per-output losses when asked), each run in pieces of
   * at most 256 kB, EVERY_IN_FLIGHT at once: the server reads each piece in slices and answers
   * others, live progress included, between them (one request for every epoch of all runs held it
   * for seconds). A run that is not there is left out and named.
   */
  async function fetchEvery(wanted: number[], perOutput: boolean): Promise<{ got: RunSeries[]; absent: number[] }> {
    const runs = await perRun(wanted, EVERY_IN_FLIGHT, async (id) => {
      const ask = (after: number | undefined) =>
        useApi().invoke('runs.epochs', { id, ...(perOutput ? { perOutput } : {}), ...(after === undefined ? {} : { after }) })
      const run = await everyEpoch(ask)
      markRaw(run.series)
      runStats(run.series)
      return markRaw(run)
    })
    return { got: runs.filter((r) => r !== null), absent: wanted.filter((_, i) => runs[i] === null) }
  }

  async function load(wanted: number[], opts: { perOutput?: boolean } = {}): Promise<void> {
    const mine = ++requestNo
    const perOutput = opts.perOutput ?? withOutputs.value
    ids.value = wanted
    error.value = null
    missing.value = []
    configError.value = null
    configs.value = []
    if (!wanted.length) {
      series.value = []
      return
    }
    loading.value = true
    let loaded = wanted
    try {
      const every = needsEveryEpoch(perOutput)
      let got: RunSeries[]
      let width: number | null = null
      let metrics: Record<Metric, RunSeries[]> | null = null
      let wall = true
      if (!every) {
        const r = await fetchReduced(wanted)
        if (mine !== requestNo) return
        got = r.got
        loaded = got.map((s) => s.id)
        missing.value = r.absent
        width = r.width
        wall = r.wall
        metrics = r.metrics
      } else {
        const r = await fetchEvery(wanted, perOutput)
        if (mine !== requestNo) return
        got = r.got
        loaded = got.map((s) => s.id)
        missing.value = r.absent
      }
      if (mine !== requestNo) return
      reducedTo.value = width
      withWall.value = wall
      byMetric.value = metrics ? markRaw(metrics) : null
      withOutputs.value = perOutput
      series.value = markRaw(got.map((s) => markRaw(s)))
    } catch (err) {
      if (mine === requestNo) error.value = readableError(err)
      return
    } finally {
      if (mine === requestNo) loading.value = false
    }
    void loadConfigs(loaded, mine)
  }

  /** The config table needs each run's spec; fetched after the charts so they are not held up. */
  async function loadConfigs(wanted: number[], mine: number): Promise<void> {
    const out: RunConfig[] = []
    try {
      for (const id of wanted) {
        const d = await useApi().invoke('runs.get', { id, series: false, weights: false })
        if (mine !== requestNo) return
        out.push({ id: d.id, seed: d.seed, model: d.model, spec: d.spec, modelSpec: d.modelSpec, config: d.config, solved: runSolved(d) })
      }
      configs.value = markRaw(out)
    } catch (err) {
      if (mine === requestNo) configError.value = readableError(err)
    }
  }

  // a setting that needs every epoch reloads reduced series once; the next change of it does not
  watch(
    () => needsEveryEpoch(withOutputs.value),
    (every) => {
      if (every && reducedTo.value !== null && ids.value.length && !loading.value) void load(ids.value)
    }
  )
  // so does an x axis of wall time, when the reduced series came without it
  watch(
    () => view.xAxis === 'wall' && !withWall.value,
    (lacking) => {
      if (lacking && reducedTo.value !== null && ids.value.length && !loading.value) void load(ids.value)
    }
  )

  return { ids, series, view, loading, error, missing, configs, configError, withOutputs, reducedTo, withWall, byMetric, load }
})
