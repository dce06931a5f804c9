import { z } from 'zod'
import { ApiError } from '@shared/api'
import { SNAPSHOT_BUDGET } from '@shared/weights'
import type { StoreDb } from './db'

/**
 * A run's weight snapshots in a bundle (version 3): the layout as the store keeps it (units, gates,
 * matrix shapes) and the values as base64 of the same little-endian Float32 bytes, so a round trip
 * is exact and a snapshot costs a third of its JSON numbers.
 */
const Layout = z.object({
  units: z
    .array(
      z.object({
        kind: z.string().max(100),
        gates: z.array(z.number().nullable()).max(100_000_000).nullable(),
        matrices: z
          .array(
            z.object({ name: z.string().max(100), rows: z.number().int().min(0).max(10_000), cols: z.number().int().min(0).max(10_000) })
          )
          .max(10)
      })
    )
    .max(2)
})
export const BundleSnapshot = Layout.extend({
  step: z.number().int().min(0),
  data: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64 (Float32 little-endian values)' })
})
export const BundleSnapshots = z.array(BundleSnapshot).max(SNAPSHOT_BUDGET)
export type BundleSnapshot = z.infer<typeof BundleSnapshot>

/** A run's snapshots, oldest first; undefined when it has none (its bundle entry stays as in version 2). */
export function readSnapshots(s: StoreDb, runId: number): BundleSnapshot[] | undefined {
  const rows = s.stmt('SELECT step, layout, data FROM weight_snapshots WHERE run_id = ? ORDER BY step').all(runId) as {
    step: number
    layout: string
    data: Buffer
  }[]
  if (!rows.length) return undefined
  return rows.map((r) => ({ step: r.step, ...Layout.parse(JSON.parse(r.layout)), data: r.data.toString('base64') }))
}

/** Replaces a run's snapshots with the bundle's, checking each one's values against its layout. */
export function writeSnapshots(s: StoreDb, runId: number, snapshots: BundleSnapshot[] | undefined, at: number): void {
  s.stmt('DELETE FROM weight_snapshots WHERE run_id = ?').run(runId)
  const ins = s.stmt('INSERT INTO weight_snapshots (run_id, step, layout, data) VALUES (?, ?, ?, ?)')
  const seen = new Set<number>()
  ;(snapshots ?? []).forEach((snap, k) => {
    const field = `runs[${at}].snapshots[${k}]`
    const refuse = (message: string) => new ApiError({ code: 'invalid', field, message: `Invalid bundle: ${field}: ${message}` })
    if (seen.has(snap.step)) throw refuse(`step ${snap.step} appears twice`)
    seen.add(snap.step)
    const data = Buffer.from(snap.data, 'base64')
    const values = snap.units.reduce((n, u) => n + u.matrices.reduce((t, m) => t + m.rows * m.cols, 0), 0)
    if (data.byteLength !== values * 4) {
      throw refuse(`data holds ${data.byteLength} bytes where its matrices need ${values * 4} (4 per value)`)
    }
    ins.run(runId, snap.step, JSON.stringify({ units: snap.units }), data)
  })
}
