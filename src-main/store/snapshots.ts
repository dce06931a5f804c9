import type { LearnedWeights } from '@shared/domain'
import { SNAPSHOT_BUDGET, type WeightSnapshot } from '@shared/weights'
import { conflict, type StoreDb } from './db'

/** The learned weights at a few steps of each run (migration 004), for replay. */
export interface SnapshotStore {
  /** Keeps the weights at `step` (replacing any there); refuses a run's snapshot beyond SNAPSHOT_BUDGET. */
  save(runId: number, step: number, weights: LearnedWeights): void
  /** Forgets a run's snapshots (it is trained again from the start). */
  clear(runId: number): void
  /** A run's snapshots, oldest step first. */
  list(runId: number): WeightSnapshot[]
  /** How many snapshots a run has and their bytes, for the budget stated in docs/store.md. */
  size(runId: number): { count: number; bytes: number }
}

interface Layout {
  units: { kind: string; gates: number[] | null; matrices: { name: string; rows: number; cols: number }[] }[]
}

/** The units' shapes as JSON, the values as Float32: half the bytes, enough for a drawing. */
export function encodeSnapshot(w: LearnedWeights): { layout: string; data: Buffer } {
  const layout: Layout = {
    units: w.units.map((u) => ({
      kind: u.kind,
      gates: u.gates,
      matrices: u.matrices.map((m) => ({ name: m.name, rows: m.rows, cols: m.cols }))
    }))
  }
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
  return { layout: JSON.stringify(layout), data: Buffer.from(values.buffer, values.byteOffset, values.byteLength) }
}

export function decodeSnapshot(layoutJson: string, data: Buffer): LearnedWeights {
  const layout = JSON.parse(layoutJson) as Layout
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

export function snapshotStore(s: StoreDb): SnapshotStore {
  return {
    save(runId, step, weights) {
      const { layout, data } = encodeSnapshot(weights)
      s.write(() => {
        const have = s.stmt('SELECT COUNT(*) AS n, SUM(step = ?) AS here FROM weight_snapshots WHERE run_id = ?').get(step, runId) as {
          n: number
          here: number | null
        }
        if (!have.here && have.n >= SNAPSHOT_BUDGET) {
          throw conflict(
            `run ${runId} already has ${have.n} weight snapshots, the most a run keeps (${SNAPSHOT_BUDGET}); step ${step} is not stored`
          )
        }
        s.stmt('INSERT OR REPLACE INTO weight_snapshots (run_id, step, layout, data) VALUES (?, ?, ?, ?)').run(runId, step, layout, data)
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
