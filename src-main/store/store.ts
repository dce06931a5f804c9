import type { EpochMetrics, ExperimentSpec, HistoryPage, HistoryQuery, RunDetail, RunEnvironment, RunRow, RunSeries } from '../../src-shared/domain'
import type { Bundle, LabStore, NewRun, RunEnd, RunJobSpec } from './types'
import { StoreDb } from './db'
import { exportBundle } from './bundle-export'
import { importBundle } from './bundle-import'
import { epochsCsv } from './csv'
import { deleteExperiment, deleteRuns, updateRun } from './edits'
import { listRuns } from './history'
import { facets, getJobSpec, getRun, getSeries } from './reads'
import { recoverInterrupted } from './recovery'
import { appendEpochs, createExperiment, finishRun, markRunning } from './writes'
import { openDatabase, type OpenOptions } from './open'

/** LabStore over one better-sqlite3 connection; each method lives in the module named after it. */
export class SqliteStore implements LabStore {
  private readonly s: StoreDb
  /** the dated copy made before this open migrated the file, if any */
  readonly backupPath: string | null
  /** how many runs of dead processes the open marked interrupted */
  readonly recoveredAtOpen: number

  constructor(readonly path: string, options: OpenOptions = {}) {
    const opened = openDatabase(path, options)
    this.s = new StoreDb(opened.db)
    this.backupPath = opened.backupPath
    this.recoveredAtOpen = options.recover === false ? 0 : recoverInterrupted(this.s)
  }

  createExperiment(spec: ExperimentSpec, runs: NewRun[]): { experimentId: number; runIds: number[] } {
    return createExperiment(this.s, spec, runs)
  }
  getJobSpec(runId: number): RunJobSpec | null {
    return getJobSpec(this.s, runId)
  }
  markRunning(runId: number, env: RunEnvironment): void {
    markRunning(this.s, runId, env)
  }
  appendEpochs(runId: number, epochs: EpochMetrics[]): void {
    appendEpochs(this.s, runId, epochs)
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
  getRun(id: number, opts: { series?: boolean } = {}): RunDetail | null {
    return getRun(this.s, id, opts.series ?? true)
  }
  getSeries(ids: number[], opts: { perOutput?: boolean } = {}): RunSeries[] {
    return getSeries(this.s, ids, opts.perOutput ?? true)
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
  importBundle(bundle: unknown): number[] {
    return importBundle(this.s, bundle)
  }
  epochsCsv(ids: number[]): string {
    return epochsCsv(this.s, ids)
  }
  close(): void {
    if (this.s.db.open) this.s.db.close()
  }
}
