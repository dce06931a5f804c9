import type {
  EpochMetrics,
  ExperimentSpec,
  FinalMetrics,
  GeneratedConfig,
  HistoryPage,
  HistoryQuery,
  LearnedWeights,
  ModelSpec,
  RunDetail,
  RunEnvironment,
  RunRow,
  RunSeries,
  RunStatus,
  StudyMetric
} from '@shared/domain'
import type { Study } from './studies'
import type { SlurmLedger } from './slurm'
import type { PendingSnapshot, SnapshotStore } from './snapshots'
import type { RunRecovered } from '@shared/weights'
import type { ChartSeries } from '@shared/series/columns'
import type { EpochPiece } from '@shared/series/epochPiece'

/** A run to create with its experiment; one per model × seed. */
export interface NewRun {
  model: string
  modelSpec: ModelSpec
  seed: number
  config: GeneratedConfig
  configHash: string
  outputs: number
}

export interface RunEnd {
  status: Exclude<RunStatus, 'queued' | 'running'>
  error?: string | null
  divergedAtEpoch?: number | null
  final?: FinalMetrics | null
  weights?: LearnedWeights | null
}

/** What the training side needs to start a run it finds in the store. */
export interface RunJobSpec {
  runId: number
  experimentId: number
  experimentName: string
  spec: ExperimentSpec
  modelSpec: ModelSpec
  model: string
  seed: number
  config: GeneratedConfig
}

/** A portable set of runs with their experiments; lossless (see bundles in the store). */
export interface Bundle {
  format: 'nalu-lab-bundle'
  version: number
  exportedAt: string
  experiments: unknown[]
  runs: unknown[]
}

/**
 * The run store. One implementation over better-sqlite3 (src-main/store). Every method is
 * synchronous: better-sqlite3 is, and the calls are short.
 */
export interface LabStore {
  readonly path: string
  createExperiment(spec: ExperimentSpec, runs: NewRun[]): { experimentId: number; runIds: number[] }
  /** The job spec of a queued run (or null if it does not exist). */
  getJobSpec(runId: number): RunJobSpec | null
  markRunning(runId: number, env: RunEnvironment): void
  /**
   * One small transaction: the epochs, and the weight snapshots that arrived with them (packed, as
   * sent); a crash loses at most what is in flight. Returns the snapshots left out and why
   * (malformed, over SNAPSHOT_BUDGET): those never fail the epochs.
   */
  appendEpochs(runId: number, epochs: EpochMetrics[], snapshots?: readonly PendingSnapshot[]): string[]
  finishRun(runId: number, end: RunEnd): void
  /** Runs left running/queued by a process that is gone become `interrupted`; returns how many. */
  recoverInterrupted(): number
  listRuns(q: HistoryQuery): HistoryPage
  /** `series: false` leaves the epochs out (default: all of them) */
  getRun(id: number, opts?: { series?: boolean; weights?: boolean }): RunDetail | null
  /** `perOutput: false` leaves each epoch's per-output arrays empty (default: full) */
  getSeries(ids: number[], opts?: { perOutput?: boolean }): RunSeries[]
  /** getSeries reduced to a chart `columns` pixels wide, read in slices that let the event loop breathe */
  getSeriesReduced(ids: number[], opts: { columns: number; perOutput?: boolean }): Promise<RunSeries[]>
  /**
   * One run's series for a chart `columns` wide, as columns (seriesColumns.ts): an ended long run's
   * stored reduction when it is fine enough, else its epochs read in slices; with `plot`, cut to
   * what three loss charts that wide draw. Null if no such run.
   */
  chartSeries(id: number, columns: number, plot?: number, opts?: { wall?: boolean }): Promise<ChartSeries | null>
  /** Makes and keeps an ended long run's chart reduction (done as runs end); true when one was made. */
  prepareChartSeries(id: number): Promise<boolean>
  /**
   * Every epoch of a run after `after`, a bounded piece at a time (epochPieces.ts: packed columns,
   * the per-output blobs when asked), read in slices that let the event loop breathe. Null if no such run.
   */
  epochPiece(id: number, opts: { after?: number; perOutput: boolean }): Promise<EpochPiece | null>
  /** false once close() was called: background work on the store stops there */
  readonly isOpen: boolean
  updateRun(id: number, patch: { tags?: string[]; notes?: string }): RunRow
  deleteRuns(ids: number[]): number
  deleteExperiment(id: number): number
  facets(): { models: string[]; presets: string[]; tags: string[] }
  exportBundle(ids: number[]): Bundle
  /** `fillPlaceholders`: queued/running runs with the bundle's uids take its content (Slurm shards) */
  importBundle(bundle: unknown, opts?: { fillPlaceholders?: boolean }): number[]
  /** experiments sent to Slurm: array jobs, tasks and their last known states (src-main/store/slurm.ts) */
  readonly slurm: SlurmLedger
  /** the learned weights at a few steps of each run, for replay (src-main/store/snapshots.ts) */
  readonly snapshots: SnapshotStore
  /** Each run's count of outputs recovered exactly, kept per run (src-main/store/recovered.ts); unknown ids refuse. */
  recoveredCounts(ids: number[]): RunRecovered[]
  /** An experiment with the state and verdict of every run (no series): what a study summary reads. */
  getStudy(experimentId: number): Study | null
  /** One loss per run at the evaluation points xs (where it has them) and at each run's last point. */
  readCurves(runIds: number[], metric: StudyMetric, xs: number[]): Map<number, { x: number[]; y: number[] }>
  /** Stores `spec` (with its longer seed list) and queues the runs of the new seeds, in one transaction. */
  addRuns(experimentId: number, spec: ExperimentSpec, runs: NewRun[]): number[]
  /** Ended runs back to `queued`, their points and results cleared; refuses active runs. */
  requeueRuns(runIds: number[]): void
  close(): void
}
