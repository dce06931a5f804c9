import { z } from 'zod'
import {
  EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES, isEventChannel, isInvokeChannel, type EventChannel, type InvokeChannel
} from './channels'
import {
  ExperimentSpec, HistoryPage, HistoryQuery, JobFinished, JobInfo, JobProgress, Preset, RunDetail, RunRow,
  RunSeries, FigureOptions, ExportFormat
} from './domain'

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
  'runs.list': { request: HistoryQuery, response: HistoryPage },
  'runs.get': {
    request: z
      .object({
        id: Id,
        /** false leaves `series` empty: for callers that want the config and results only */
        series: z.boolean().default(true)
      })
      .strict(),
    response: RunDetail
  },
  'runs.series': {
    request: z
      .object({
        ids: z.array(Id).min(1).max(100),
        /** per-output losses are most of the bytes of a long series; charts of the three losses skip them */
        perOutput: z.boolean().default(false)
      })
      .strict(),
    response: z.array(RunSeries)
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
    request: z.object({ content: z.string().min(2).max(500_000_000) }).strict(),
    response: z.object({ runIds: z.array(Id) })
  },
  'figures.export': {
    request: z
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
      .strict(),
    response: FilePayload
  },
  /** Desktop only: the OS save dialog, remembering the last folder. Browser mode downloads instead. */
  'files.save': { request: FilePayload.strict(), response: z.object({ path: z.string().nullable() }) }
} as const satisfies Record<InvokeChannel, { request: z.ZodType; response: z.ZodType }>

/** Main-to-renderer events, declared once. */
export const eventChannels = {
  'jobs.progress': JobProgress,
  'jobs.finished': JobFinished,
  'runs.changed': z.object({ reason: z.enum(['created', 'updated', 'deleted', 'imported', 'finished']) })
} as const satisfies Record<EventChannel, z.ZodType>

/** What a caller may send (defaults may be left out). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>
/** What a handler receives, after validation filled the defaults. */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['request']>
export type ResponseOf<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['response']>
export type EventOf<E extends EventChannel> = z.output<(typeof eventChannels)[E]>

export const INVOKE_CHANNELS: readonly InvokeChannel[] = INVOKE_CHANNEL_NAMES
export const EVENT_CHANNELS: readonly EventChannel[] = EVENT_CHANNEL_NAMES
export { isInvokeChannel, isEventChannel, type InvokeChannel, type EventChannel }
