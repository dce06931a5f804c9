import { z } from 'zod'
import { MAX_BUNDLE_CHARS } from './limits'
import { INVOKE_CHANNEL_NAMES, isEventChannel, isInvokeChannel, type EventChannel, type InvokeChannel } from './channels'
import {
  ExperimentSpec,
  HistoryPage,
  HistoryQuery,
  JobFinished,
  JobInfo,
  JobProgress,
  Preset,
  RunDetail,
  RunRow,
  RunSeries,
  FigureOptions,
  ExportFormat,
  Seed,
  StudyMetric,
  StudySeries,
  StudySummary
} from './domain'
import { LiveWeights, WeightSnapshot } from './weights/snapshot'
import { SlurmLive, SlurmStatus } from './domain/slurm'
import { RecoveredByModel } from './weights/recovered'
import { ChartSeries } from './series/columns'
import { EpochPiece } from './series/epochPiece'

const Id = z.number().int().min(1)
const Empty = z.object({}).strict()

export const AppInfo = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'browser']),
  dbPath: z.string(),
  cores: z.number().int(),
  backends: z.array(z.string())
})
export type AppInfo = z.infer<typeof AppInfo>

/** A file produced on the main side; the renderer's adapter saves it (dialog or download). */
export const FilePayload = z.object({
  fileName: z.string().min(1).max(255),
  mime: z.string(),
  base64: z.string()
})
export type FilePayload = z.infer<typeof FilePayload>

/**
 * Every request/response channel, declared once. Preload, main-side registration, the WebSocket
 * transport and `window.api` are all typed from this object.
 */

/** A chart (PNG/SVG/PDF) or its data (CSV/JSON) for stored runs, drawn as on screen. */
const FigureRequest = z
  .object({
    ids: z.array(Id).min(1).max(100),
    format: ExportFormat,
    options: FigureOptions,
    /** PNG pixel scale (1×, 2×, 4×…); a DPI for a width in inches is turned into a scale by the caller */
    scale: z.number().gt(0).max(16).default(2),
    baseName: z.string().max(200).optional(),
    /** legend entries name each run in full, or only its architecture (the article's figure sets) */
    legend: z.enum(['run', 'model']).default('run')
  })
  .strict()
/** The runs of a comparison (in chart order) and the look of its figures; the bundle fixes metric, x axis and files. */
const FigureBundleRequest = z
  .object({
    ids: z.array(Id).min(1).max(100),
    options: FigureOptions,
    scale: z.number().gt(0).max(16).default(2)
  })
  .strict()
export const invokeChannels = {
  'app.info': { request: Empty, response: AppInfo },
  'presets.list': { request: Empty, response: z.array(Preset) },
  'experiments.run': {
    request: ExperimentSpec,
    response: z.object({ experimentId: Id, runIds: z.array(Id) })
  },
  'experiments.delete': { request: z.object({ id: Id }).strict(), response: z.object({ deletedRuns: z.number().int() }) },
  'jobs.list': { request: Empty, response: z.array(JobInfo) },
  'jobs.cancel': { request: z.object({ runId: Id }).strict(), response: z.object({ cancelled: z.boolean() }) },
  /**
   * A view shows a running run's weights: its snapshots (`jobs.weights`, live and stored) flow for
   * the next `ms` milliseconds; the view renews this while it shows them, 0 ends it. Without it a
   * run's stored snapshots are only stored (`runs.snapshots` reads them). `watching` is false if the
   * run is not running.
   */
  'jobs.watchWeights': {
    request: z.object({ runId: Id, ms: z.number().int().min(0).max(60_000) }).strict(),
    response: z.object({ watching: z.boolean() })
  },
  'runs.list': { request: HistoryQuery, response: HistoryPage },
  'runs.get': {
    request: z
      .object({
        id: Id,
        /** false leaves `series` empty: for callers that want the config and results only */
        series: z.boolean().default(true),
        /** false leaves `weights` null: a 1000 × 50 unit's weights are megabytes a settings table never shows */
        weights: z.boolean().default(true)
      })
      .strict(),
    response: RunDetail
  },
  'runs.series': {
    request: z
      .object({
        ids: z.array(Id).min(1).max(100),
        /** per-output losses are most of the bytes of a long series; charts of the three losses skip them */
        perOutput: z.boolean().default(false),
        /**
         * The drawing's width in pixels: each run comes back reduced to each pixel column's lowest
         * and highest epoch of every loss (spikes and divergences stay), read without blocking the
         * server. Absent: every epoch (data exports read the store directly, at full resolution).
         */
        columns: z.number().int().min(16).max(8192).optional()
      })
      .strict(),
    response: z.array(RunSeries)
  },
  /** A run's stored weight snapshots (log-spaced steps and the last, src-shared/weights/schedule.ts), oldest first: the replay. */
  /**
   * One run reduced for a chart `columns` device pixels wide, as five arrays of numbers (Compare):
   * the power of two at or above `columns`, each column's lowest and highest epoch of every loss.
   * An ended long run answers from its stored reduction (db/006), so no request scans its epochs.
   * With `plot` (the device pixels of the charts' plot) only what three loss charts that wide draw,
   * each point with a mask of the charts that draw it (series/lines.ts), as a plot block
   * (series/plotBlock.ts) that holds the wall time only with `wall`.
   */
  'runs.chart': {
    request: z
      .object({
        id: Id,
        columns: z.number().int().min(16).max(8192),
        plot: z.number().int().min(16).max(8192).optional(),
        wall: z.boolean().optional()
      })
      .strict()
      .refine((q) => !q.wall || q.plot !== undefined, { message: 'wall is asked with plot', path: ['wall'] }),
    response: ChartSeries
  },
  /**
   * Every epoch of one run, a bounded piece at a time (series/epochPiece.ts), for Compare's
   * smoothing, grouping by model and per-output splits: packed Float64 columns, per-output losses
   * when asked. `after`: the `next` of the piece before (absent: from the first epoch). Each piece is
   * read in slices with a turn of the event loop between them and is at most 256 kB before base64.
   */
  'runs.epochs': {
    request: z.object({ id: Id, perOutput: z.boolean().default(false), after: z.number().int().min(0).optional() }).strict(),
    response: EpochPiece
  },
  'runs.snapshots': { request: z.object({ id: Id }).strict(), response: z.array(WeightSnapshot) },
  /** Per model, how many outputs the runs' final weights recovered exactly: for the runs given, or every run of an experiment. */
  'runs.recovered': {
    request: z.union([z.object({ ids: z.array(Id).min(1).max(500) }).strict(), z.object({ experimentId: Id }).strict()]),
    response: z.array(RecoveredByModel)
  },
  'runs.update': {
    request: z
      .object({
        id: Id,
        tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
        notes: z.string().max(20_000).optional()
      })
      .strict(),
    response: RunRow
  },
  'runs.delete': { request: z.object({ ids: z.array(Id).min(1).max(10_000) }).strict(), response: z.object({ deleted: z.number().int() }) },
  'runs.facets': {
    request: Empty,
    response: z.object({ models: z.array(z.string()), presets: z.array(z.string()), tags: z.array(z.string()) })
  },
  'bundles.export': { request: z.object({ ids: z.array(Id).min(1).max(10_000) }).strict(), response: FilePayload },
  'bundles.import': {
    request: z
      .object({
        content: z
          .string()
          .min(2)
          .max(MAX_BUNDLE_CHARS, `a bundle may be at most ${MAX_BUNDLE_CHARS / 1e6} MB`)
      })
      .strict(),
    response: z.object({ runIds: z.array(Id) })
  },
  'figures.export': { request: FigureRequest, response: FilePayload },
  /** Desktop only: the OS save dialog, remembering the last folder. Browser mode downloads instead. */
  'files.save': { request: FilePayload.strict(), response: z.object({ path: z.string().nullable() }) },
  /**
   * Desktop only: figures.export straight into the save dialog on the main side, so the figure's
   * bytes never cross IPC (nor base64) at all. Browser mode exports and downloads instead.
   */
  'figures.save': { request: FigureRequest, response: z.object({ path: z.string().nullable() }) },
  /** A comparison's figure set as PNG, SVG and PDF with its CSV and JSON data (configs and hashes), in one .zip. */
  'figures.bundle': { request: FigureBundleRequest, response: FilePayload },
  /** Desktop only: figures.bundle straight into one save dialog on the main side. */
  'figures.saveBundle': { request: FigureBundleRequest, response: z.object({ path: z.string().nullable() }) },
  /** An experiment over many seeds read as a study: success rates with Wilson 95 % intervals, progress. */
  'studies.summary': { request: z.object({ experimentId: Id }).strict(), response: StudySummary },
  /** Per model the median and inter-quartile band over seeds of one loss; seeds' own curves on demand. */
  'studies.series': {
    request: z
      .object({
        experimentId: Id,
        metric: StudyMetric.default('extrapMse'),
        seeds: z.boolean().default(false),
        /** about this many evaluation points a curve at most: a paper run has 5001 */
        maxPoints: z.number().int().min(10).max(10_000).default(400)
      })
      .strict(),
    response: StudySeries
  },
  /** Queues every model at the new seeds; seeds the study has are skipped and listed. */
  'studies.addSeeds': {
    request: z.object({ experimentId: Id, seeds: z.array(Seed).min(1).max(1000) }).strict(),
    response: z.object({ runIds: z.array(Id), added: z.array(Seed), skipped: z.array(Seed) })
  },
  /** Queues again the interrupted, failed and cancelled runs, and runs for missing model × seed pairs. */
  'studies.resume': {
    request: z.object({ experimentId: Id }).strict(),
    response: z.object({ requeued: z.array(Id), created: z.array(Id) })
  },
  /** A study's Slurm array jobs: job ids, tasks per state, each run's state and reported steps (wakes the poller). */
  'slurm.status': { request: z.object({ experimentId: Id }).strict(), response: SlurmStatus },
  /** Every run still queued or running on Slurm, with its job, task and reported steps. */
  'slurm.live': { request: Empty, response: SlurmLive },
  /** `scancel` of a study's array job, or of one of its tasks; the runs end cancelled with their steps when collected. */
  'slurm.cancel': {
    request: z
      .object({
        experimentId: Id,
        jobId: z.string().regex(/^\d{1,20}$/, 'a Slurm job id is a number'),
        task: z.number().int().min(0).optional()
      })
      .strict(),
    response: z.object({ cancelled: z.string() })
  }
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>

/** Main-to-renderer events, declared once. */
export const eventChannels = {
  'jobs.progress': JobProgress,
  'jobs.finished': JobFinished,
  /** a watched running run's learned weights: a few a second for the live weight map, and each stored snapshot */
  'jobs.weights': LiveWeights,
  'runs.changed': z.object({ reason: z.enum(['created', 'updated', 'deleted', 'imported', 'finished']) }),
  /** the app asked Slurm about these studies (whether or not anything changed) */
  'slurm.polled': z.object({ experimentIds: z.array(z.number().int()), at: z.string() })
} as const satisfies Record<EventChannel, z.ZodType>

/** What a caller may send (defaults may be left out). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>
/** What a handler receives, after validation filled the defaults. */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['request']>
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['response']>
export type EventOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]>

export const INVOKE_CHANNELS: readonly InvokeChannel[] = INVOKE_CHANNEL_NAMES
export { isInvokeChannel, isEventChannel, type InvokeChannel, type EventChannel }
