import type {
  EpochMetrics,
  ExperimentSpec,
  HistoryPage,
  HistoryQuery,
  RunDetail,
  RunEnvironment,
  RunRow,
  RunSeries,
  StudyMetric
} from '@shared/domain'
import type { Bundle, LabStore, NewRun, RunEnd, RunJobSpec } from './types'
import { StoreDb } from './db'
import { slurmLedger, type SlurmLedger } from './slurm'
import { snapshotStore, type PendingSnapshot, type SnapshotStore } from './snapshots'
import { recoveredCounts } from './recovered'
import type { RunRecovered } from '@shared/weights'
import { exportBundle } from './bundle-export'
import { importBundle } from './bundle-import'
import { deleteExperiment, deleteRuns, updateRun } from './edits'
import { listRuns } from './history'
import { facets, getJobSpec, getRun, getSeries } from './reads'
import { getSeriesReduced } from './seriesReduced'
import { chartSeries, prepareChartSeries } from './seriesColumns'
import type { ChartSeries } from '@shared/series/columns'
import type { EpochPiece } from '@shared/series/epochPiece'
import { epochPiece } from './epochPieces'
import { recoverInterrupted } from './recovery'
import { addRuns, getStudy, readCurves, requeueRuns, type Study } from './studies'
import { appendEpochs, createExperiment, finishRun, markRunning } from './writes'
import { openDatabase, type OpenOptions } from './open'
import type { Checkpointer } from './checkpointer'
import type { Session } from './sessions'

/** LabStore over one better-sqlite3 connection; each method lives in the module named after it. */
export class SqliteStore implements LabStore {
  private readonly s: StoreDb
  /** the dated copy made before this open migrated the file, if any */
  readonly backupPath: string | null
  /** how many runs of dead processes the open marked interrupted */
  readonly recoveredAtOpen: number
  readonly slurm: SlurmLedger
  readonly snapshots: SnapshotStore
  /** marks the file open by this process: an open after a crash checks it in full (sessions.ts) */
  private readonly session: Session | null
  /** the full check owed after a crash, when the opener let it run in the background (open.ts) */
  readonly owedCheck: Promise<string | null> | null
  private readonly checkpointer: Checkpointer | null

  constructor(
    readonly path: string,
    options: OpenOptions = {}
  ) {
    const opened = openDatabase(path, options)
    this.session = opened.session
    this.s = new StoreDb(opened.db)
    this.backupPath = opened.backupPath
    this.owedCheck = opened.owedCheck
    this.checkpointer = opened.checkpointer
    this.slurm = slurmLedger(this.s)
    this.snapshots = snapshotStore(this.s)
    this.recoveredAtOpen = options.recover === false ? 0 : recoverInterrupted(this.s)
  }

  createExperiment(spec: ExperimentSpec, runs: NewRun[]): { experimentId: number; runIds: number[] } {
    return createExperiment(this.s, spec, runs)
  }
  recoveredCounts(ids: number[]): RunRecovered[] {
    return recoveredCounts(this.s, ids)
  }
  getJobSpec(runId: number): RunJobSpec | null {
    return getJobSpec(this.s, runId)
  }
  markRunning(runId: number, env: RunEnvironment): void {
    markRunning(this.s, runId, env)
  }
  appendEpochs(runId: number, epochs: EpochMetrics[], snapshots?: readonly PendingSnapshot[]): string[] {
    return appendEpochs(this.s, runId, epochs, snapshots)
  }
  finishRun(runId: number, end: RunEnd): void {
    finishRun(this.s, runId, end)
  }
  recoverInterrupted(): number {
    return recoverInterrupted(this.s)
  }
  listRuns(q: HistoryQuery): HistoryPage {
    return listRuns(this.s, q)
  }
  getRun(id: number, opts: { series?: boolean; weights?: boolean } = {}): RunDetail | null {
    return getRun(this.s, id, opts.series ?? true, opts.weights ?? true)
  }
  getSeries(ids: number[], opts: { perOutput?: boolean } = {}): RunSeries[] {
    return getSeries(this.s, ids, opts.perOutput ?? true)
  }
  getSeriesReduced(ids: number[], opts: { columns: number; perOutput?: boolean }): Promise<RunSeries[]> {
    return getSeriesReduced(this.s, ids, opts.columns, opts.perOutput ?? true)
  }
  chartSeries(id: number, columns: number, plot?: number, opts?: { wall?: boolean }): Promise<ChartSeries | null> {
    return chartSeries(this.s, id, columns, plot, opts)
  }
  prepareChartSeries(id: number): Promise<boolean> {
    return prepareChartSeries(this.s, id)
  }
  epochPiece(id: number, opts: { after?: number; perOutput: boolean }): Promise<EpochPiece | null> {
    return epochPiece(this.s, id, opts)
  }
  get isOpen(): boolean {
    return this.s.db.open
  }
  updateRun(id: number, patch: { tags?: string[]; notes?: string }): RunRow {
    return updateRun(this.s, id, patch)
  }
  deleteRuns(ids: number[]): number {
    return deleteRuns(this.s, ids)
  }
  deleteExperiment(id: number): number {
    return deleteExperiment(this.s, id)
  }
  facets(): { models: string[]; presets: string[]; tags: string[] } {
    return facets(this.s)
  }
  exportBundle(ids: number[]): Bundle {
    return exportBundle(this.s, ids)
  }
  importBundle(bundle: unknown, opts: { fillPlaceholders?: boolean } = {}): number[] {
    return importBundle(this.s, bundle, opts)
  }
  getStudy(experimentId: number): Study | null {
    return getStudy(this.s, experimentId)
  }
  readCurves(runIds: number[], metric: StudyMetric, xs: number[]): Map<number, { x: number[]; y: number[] }> {
    return readCurves(this.s, runIds, metric, xs)
  }
  addRuns(experimentId: number, spec: ExperimentSpec, runs: NewRun[]): number[] {
    return addRuns(this.s, experimentId, spec, runs)
  }
  requeueRuns(runIds: number[]): void {
    requeueRuns(this.s, runIds)
  }
  close(): void {
    // its connection closed first, this one is the last and leaves no WAL behind
    this.checkpointer?.stop()
    if (this.s.db.open) this.s.db.close()
    this.session?.release()
  }
}
