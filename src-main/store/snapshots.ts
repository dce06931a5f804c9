import type { LearnedWeights } from '@shared/domain'
import { SNAPSHOT_BUDGET, type PackedWeights, type WeightSnapshot, type WeightsLayout } from '@shared/weights'
import { conflict, type StoreDb } from './db'

/** The learned weights at a few steps of each run (migration 004), for replay. */
export interface SnapshotStore {
  /** Keeps the weights at `step` (replacing any there); refuses a run's snapshot beyond SNAPSHOT_BUDGET. */
  save(runId: number, step: number, weights: LearnedWeights | PackedWeights): void
  /** Forgets a run's snapshots (it is trained again from the start). */
  clear(runId: number): void
  /** A run's snapshots, oldest step first. */
  list(runId: number): WeightSnapshot[]
  /** How many snapshots a run has and their bytes, for the budget stated in docs/store.md. */
  size(runId: number): { count: number; bytes: number }
}

/**
 * A snapshot waiting to be stored with a run's next epochs (appendEpochs), packed as the training
 * process sent it: kept as it came, not unpacked into numbers and packed again.
 */
export interface PendingSnapshot {
  step: number
  weights: PackedWeights
}

const layoutJson = (units: WeightsLayout['units']): string =>
  JSON.stringify({
    units: units.map((u) => ({
      kind: u.kind,
      gates: u.gates,
      matrices: u.matrices.map((m) => ({ name: m.name, rows: m.rows, cols: m.cols }))
    }))
  } satisfies WeightsLayout)

/** The packed values as stored; throws if they are not Float32 or disagree with the shapes. */
function encodePacked(p: PackedWeights): { layout: string; data: Buffer } {
  if (!(p.values instanceof Float32Array)) throw new Error('snapshot: the values are not a Float32Array')
  let n = 0
  for (const u of p.units) {
    for (const m of u.matrices) {
      if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0)
        throw new Error(`snapshot: matrix ${m.name} has no shape (${m.rows} × ${m.cols})`)
      n += m.rows * m.cols
    }
  }
  if (n !== p.values.length) throw new Error(`snapshot: ${p.values.length} values where the shapes describe ${n}`)
  // little-endian as the file keeps them: the bytes of the array itself, no copy
  return { layout: layoutJson(p.units), data: Buffer.from(p.values.buffer, p.values.byteOffset, p.values.byteLength) }
}

/** The units' shapes as JSON, the values as Float32: half the bytes, enough for a drawing. */
export function encodeSnapshot(w: LearnedWeights | PackedWeights): { layout: string; data: Buffer } {
  if ('values' in w) return encodePacked(w)
  const n = w.units.reduce((s, u) => s + u.matrices.reduce((t, m) => t + m.data.length, 0), 0)
  const values = new Float32Array(n)
  let at = 0
  for (const u of w.units) {
    for (const m of u.matrices) {
      if (m.data.length !== m.rows * m.cols)
        throw new Error(`snapshot: matrix ${m.name} holds ${m.data.length} values, not ${m.rows} × ${m.cols}`)
      values.set(m.data, at)
      at += m.data.length
    }
  }
  return { layout: layoutJson(w.units), data: Buffer.from(values.buffer, values.byteOffset, values.byteLength) }
}

export function decodeSnapshot(layoutJson: string, data: Buffer): LearnedWeights {
  const layout = JSON.parse(layoutJson) as WeightsLayout
  const values = new Float32Array(data.byteLength / 4)
  for (let i = 0; i < values.length; i++) values[i] = data.readFloatLE(i * 4)
  let at = 0
  const units = layout.units.map((u) => ({
    kind: u.kind,
    gates: u.gates,
    matrices: u.matrices.map((m) => {
      const slice = Array.from(values.subarray(at, at + m.rows * m.cols))
      at += m.rows * m.cols
      return { ...m, data: slice }
    })
  }))
  if (at !== values.length) throw new Error(`a stored weight snapshot holds ${values.length} values where its layout describes ${at}`)
  return { units }
}

/**
 * Stores one encoded snapshot inside the caller's write transaction; returns why not (the run
 * already has SNAPSHOT_BUDGET other steps) instead of throwing, so a batch keeps the rest.
 */
function insertSnapshot(s: StoreDb, runId: number, step: number, e: { layout: string; data: Buffer }): string | null {
  const have = s.stmt('SELECT COUNT(*) AS n, SUM(step = ?) AS here FROM weight_snapshots WHERE run_id = ?').get(step, runId) as {
    n: number
    here: number | null
  }
  if (!have.here && have.n >= SNAPSHOT_BUDGET)
    return `run ${runId} already has ${have.n} weight snapshots, the most a run keeps (${SNAPSHOT_BUDGET}); step ${step} is not stored`
  s.stmt('INSERT OR REPLACE INTO weight_snapshots (run_id, step, layout, data) VALUES (?, ?, ?, ?)').run(runId, step, e.layout, e.data)
  return null
}

/**
 * Stores a run's pending snapshots inside the caller's write transaction (appendEpochs). One that
 * is malformed or over the budget is left out and said why, never failing the others or the epochs
 * it travels with; a database error throws (and rolls the whole transaction back).
 */
export function insertSnapshots(s: StoreDb, runId: number, pending: readonly PendingSnapshot[]): string[] {
  const refused: string[] = []
  for (const p of pending) {
    let encoded
    try {
      encoded = encodePacked(p.weights)
    } catch (err) {
      refused.push(`weight snapshot at step ${p.step} unreadable (${(err as Error).message})`)
      continue
    }
    const why = insertSnapshot(s, runId, p.step, encoded)
    if (why) refused.push(`weight snapshot at step ${p.step} not stored (${why})`)
  }
  return refused
}

export function snapshotStore(s: StoreDb): SnapshotStore {
  return {
    save(runId, step, weights) {
      const encoded = encodeSnapshot(weights)
      s.write(() => {
        const refused = insertSnapshot(s, runId, step, encoded)
        if (refused) throw conflict(refused)
      })
    },
    clear(runId) {
      s.write(() => s.stmt('DELETE FROM weight_snapshots WHERE run_id = ?').run(runId))
    },
    list(runId) {
      const rows = s.stmt('SELECT step, layout, data FROM weight_snapshots WHERE run_id = ? ORDER BY step').all(runId) as {
        step: number
        layout: string
        data: Buffer
      }[]
      return rows.map((r) => ({ step: r.step, weights: decodeSnapshot(r.layout, r.data) }))
    },
    size(runId) {
      const r = s
        .stmt('SELECT COUNT(*) AS count, COALESCE(SUM(LENGTH(layout) + LENGTH(data)), 0) AS bytes FROM weight_snapshots WHERE run_id = ?')
        .get(runId) as { count: number; bytes: number }
      return r
    }
  }
}
