import {
  invokeChannels,
  type EventChannel,
  type EventOf,
  type InvokeChannel,
  type ParsedRequestOf,
  type RequestOf,
  type ResponseOf
} from '@shared/contract'
import { ApiError, type ApiErrorData, type LabApi } from '@shared/api'
import { describeIssues } from '@shared/validate'
import { modelLabel, type JobInfo, type Preset, type RunDetail, type StudySeries, type StudySummary } from '@shared/domain'
import { articlePreset, makeRun, pairsConfig, rowOf } from './fixtures'
import { recoveredByModel, type WeightSnapshot } from '@shared/weights'
import { chartLevel, packColumns, reduceColumns, toBase64 } from '@shared/series/columns'
import { cutToPlot } from '@shared/series/lines'
import { packPlotBlock } from '@shared/series/plotBlock'
import { pieceOf } from './epochPieces'
import type { SlurmLive, SlurmStatus } from '@shared/domain/slurm'

type Handlers = { [C in InvokeChannel]?: (req: ParsedRequestOf<C>) => ResponseOf<C> }

/**
 * An in-memory stand-in for the main side, for component tests: it validates every request against
 * the real contract (so a view that sends a malformed payload fails here as it would for real),
 * answers from a list of runs, and lets a test push events or make a channel fail.
 */
export class FakeLab implements LabApi {
  readonly transport = 'browser' as const
  presets: Preset[] = [articlePreset()]
  runs: RunDetail[] = []
  jobs: JobInfo[] = []
  calls: { channel: InvokeChannel; request: unknown }[] = []
  failures = new Map<InvokeChannel, ApiErrorData>()
  /** studies.* answers by experiment id; absent ids are not found */
  studies = new Map<number, { summary: StudySummary; series: StudySeries }>()
  /** runs.snapshots answers by run id (none: an empty replay) */
  snapshots = new Map<number, WeightSnapshot[]>()
  /** slurm.status answers by experiment id (none: a study never submitted to Slurm) */
  slurm = new Map<number, SlurmStatus>()
  /** slurm.live's answer: no run out on Slurm unless a test says so */
  slurmLive: SlurmLive = { available: true, note: null, polling: false, checkedAt: null, runs: [] }
  /** epochs a runs.epochs piece holds at most: few, so that a page asks for several pieces of a run */
  pieceSize = 7
  private listeners = new Map<EventChannel, Set<(p: never) => void>>()
  private nextRunId = 1000

  /** as over a real transport, an invalid request or a failing handler arrives as a rejected promise */
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    return new Promise((resolve) => resolve(this.answer(channel, request)))
  }

  private answer<C extends InvokeChannel>(channel: C, request: RequestOf<C>): ResponseOf<C> {
    this.calls.push({ channel, request })
    const parsed = invokeChannels[channel].request.safeParse(request)
    if (!parsed.success) throw new ApiError(describeIssues(parsed.error.issues, `${channel} request`))
    const failure = this.failures.get(channel)
    if (failure) throw new ApiError(failure)
    const handler = this.handlers[channel] as ((r: unknown) => ResponseOf<C>) | undefined
    if (!handler) throw new ApiError({ code: 'unavailable', message: `fake: ${channel} not implemented` })
    return structuredClone(handler(parsed.data))
  }

  on<E extends EventChannel>(channel: E, listener: (payload: EventOf<E>) => void): () => void {
    let set = this.listeners.get(channel)
    if (!set) this.listeners.set(channel, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }

  private disconnectListeners = new Set<(message: string) => void>()

  onDisconnect(listener: (message: string) => void): () => void {
    this.disconnectListeners.add(listener)
    return () => this.disconnectListeners.delete(listener)
  }

  /** As the socket bridge does when the server goes away. */
  disconnect(message: string): void {
    for (const l of this.disconnectListeners) l(message)
  }

  emit<E extends EventChannel>(channel: E, payload: EventOf<E>): void {
    for (const l of this.listeners.get(channel) ?? []) (l as (p: EventOf<E>) => void)(payload)
  }

  listenerCount(channel: EventChannel): number {
    return this.listeners.get(channel)?.size ?? 0
  }

  private study(id: number): { summary: StudySummary; series: StudySeries } {
    const s = this.studies.get(id)
    if (!s) throw new ApiError({ code: 'not_found', message: `Experiment ${id} does not exist` })
    return s
  }

  callsOf<C extends InvokeChannel>(channel: C): RequestOf<C>[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.request as RequestOf<C>)
  }

  private handlers: Handlers = {
    'app.info': () => ({ version: '0.0.0', transport: 'browser', dbPath: ':memory:', cores: 2, backends: ['cpu'] }),
    'presets.list': () => this.presets,
    'experiments.run': (spec) => {
      const runIds: number[] = []
      for (const modelSpec of spec.models) {
        for (const seed of spec.seeds) {
          const id = this.nextRunId++
          runIds.push(id)
          this.runs.push(makeRun({ id, spec, modelSpec, seed, status: 'queued', series: [], config: pairsConfig(spec.problem.inDim, 10) }))
          this.jobs.push({
            runId: id,
            experimentId: 1,
            experimentName: spec.name,
            model: modelLabel(modelSpec),
            seed,
            status: 'queued',
            epoch: 0,
            epochs: spec.training.epochs,
            elapsedMs: 0,
            etaMs: null
          })
        }
      }
      return { experimentId: 1, runIds }
    },
    'experiments.delete': () => ({ deletedRuns: 0 }),
    'jobs.list': () => this.jobs,
    'jobs.cancel': ({ runId }) => {
      const known = this.jobs.some((j) => j.runId === runId)
      this.jobs = this.jobs.filter((j) => j.runId !== runId)
      return { cancelled: known }
    },
    'jobs.watchWeights': ({ runId }) => ({ watching: this.jobs.some((j) => j.runId === runId && j.status === 'running') }),
    'runs.list': (q) => {
      let rows = this.runs.map(rowOf)
      if (q.model) rows = rows.filter((r) => r.model === q.model)
      if (q.status) rows = rows.filter((r) => r.status === q.status)
      if (q.preset) rows = rows.filter((r) => r.preset === q.preset)
      if (q.tag) rows = rows.filter((r) => r.tags.includes(q.tag!))
      if (q.text) rows = rows.filter((r) => `${r.experimentName} ${r.notes}`.toLowerCase().includes(q.text!.toLowerCase()))
      const key = q.sort
      const sign = q.dir === 'asc' ? 1 : -1
      rows.sort((a, b) => {
        const x = a[key] ?? -Infinity
        const y = b[key] ?? -Infinity
        return (x < y ? -1 : x > y ? 1 : 0) * sign
      })
      return { rows: rows.slice(q.offset, q.offset + q.limit), total: rows.length }
    },
    'runs.get': ({ id }) => {
      const r = this.runs.find((x) => x.id === id)
      if (!r) throw new ApiError({ code: 'not_found', message: `Run ${id} does not exist` })
      return r
    },
    'runs.series': ({ ids }) =>
      ids.map((id) => {
        const r = this.runs.find((x) => x.id === id)
        if (!r) throw new ApiError({ code: 'not_found', message: `Run ${id} does not exist` })
        return {
          id: r.id,
          label: r.model,
          model: r.model,
          seed: r.seed,
          preset: r.preset,
          experimentName: r.experimentName,
          series: r.series
        }
      }),
    'runs.chart': ({ id, columns, plot, wall }) => {
      const r = this.runs.find((x) => x.id === id)
      if (!r) throw new ApiError({ code: 'not_found', message: `Run ${id} does not exist` })
      const s = r.series
      const all = {
        epoch: s.map((e) => e.epoch),
        trainMse: s.map((e) => e.trainMse),
        interpMse: s.map((e) => e.interpMse),
        extrapMse: s.map((e) => e.extrapMse),
        wallMs: s.map((e) => e.wallMs)
      }
      const level = chartLevel(columns)
      const base = { id: r.id, label: r.model, model: r.model, seed: r.seed, preset: r.preset, experimentName: r.experimentName }
      const reduced = reduceColumns(all, level)
      // as the store answers it (store/seriesColumns.ts chartSeries): with `plot`, cut to what the charts draw, a plot block
      const head = { ...base, epochCount: s.length, columns: level }
      if (plot === undefined) return { ...head, points: reduced.epoch.length, data: toBase64(packColumns(reduced)) }
      const { kept, masks } = cutToPlot(reduced, plot)
      const block = toBase64(packPlotBlock(kept, masks, wall ?? false))
      return { ...head, points: kept.epoch.length, data: block, plot, lines: toBase64(masks), ...(wall ? { wall } : {}) }
    },
    'runs.epochs': ({ id, after, perOutput }) => {
      const r = this.runs.find((x) => x.id === id)
      if (!r) throw new ApiError({ code: 'not_found', message: `Run ${id} does not exist` })
      const who = { id: r.id, label: r.model, model: r.model, seed: r.seed, preset: r.preset, experimentName: r.experimentName }
      return pieceOf(who, r.series, { after, perOutput, size: this.pieceSize })
    },
    'runs.recovered': (req) => {
      const ids = 'ids' in req ? req.ids : this.runs.filter((r) => r.experimentId === req.experimentId).map((r) => r.id)
      return recoveredByModel(this.runs.filter((r) => ids.includes(r.id)))
    },
    'runs.snapshots': ({ id }) => {
      if (!this.runs.some((x) => x.id === id)) throw new ApiError({ code: 'not_found', message: `Run ${id} does not exist` })
      return this.snapshots.get(id) ?? []
    },
    'runs.update': ({ id, tags, notes }) => {
      const r = this.runs.find((x) => x.id === id)
      if (!r) throw new ApiError({ code: 'not_found', message: `Run ${id} does not exist` })
      if (tags) r.tags = tags
      if (notes !== undefined) r.notes = notes
      return rowOf(r)
    },
    'runs.delete': ({ ids }) => {
      const before = this.runs.length
      this.runs = this.runs.filter((r) => !ids.includes(r.id))
      return { deleted: before - this.runs.length }
    },
    'studies.summary': ({ experimentId }) => this.study(experimentId).summary,
    'studies.series': ({ experimentId, metric, seeds }) => {
      const own = this.study(experimentId).series
      return { ...own, metric, groups: own.groups.map((g) => (seeds ? g : { ...g, seeds: undefined })) }
    },
    'studies.addSeeds': ({ seeds }) => ({ runIds: seeds.map(() => this.nextRunId++), added: seeds, skipped: [] }),
    'studies.resume': () => ({ requeued: [], created: [] }),
    'slurm.status': ({ experimentId }) =>
      this.slurm.get(experimentId) ?? { experimentId, available: true, note: null, polling: false, checkedAt: null, jobs: [] },
    'slurm.live': () => this.slurmLive,
    'slurm.cancel': ({ jobId, task }) => ({ cancelled: task === undefined ? jobId : `${jobId}_${task}` }),
    'runs.facets': () => ({
      models: [...new Set(this.runs.map((r) => r.model))].sort(),
      presets: [...new Set(this.runs.flatMap((r) => (r.preset ? [r.preset] : [])))].sort(),
      tags: [...new Set(this.runs.flatMap((r) => r.tags))].sort()
    })
  }
}
