import type { PendingSnapshot } from '../store/snapshots'
import { PROGRESS_INTERVAL_MS } from '../training/protocol'

/**
 * How long a stored snapshot may wait for its run's next epochs: the training process holds
 * epochs as long before sending them (runJob), so a crash of this process loses no more snapshots
 * than epochs in flight.
 */
export const HOLD_MS = PROGRESS_INTERVAL_MS
/** values held for one run before they are written without waiting (a 1000 × 50 NALU snapshot is 400,000) */
export const HOLD_VALUES = 1_000_000

/**
 * The stored weight snapshots of each running run, as they came (packed), until they go to the
 * store in one transaction with the run's next epochs: a 250-epoch article run sends 64, most of
 * them in its first 20 epochs, and a commit each was most of this process's work. Written alone
 * (`write`) when HOLD_MS passes first, when they reach HOLD_VALUES, and when the run ends.
 */
export class HeldSnapshots {
  private readonly held = new Map<number, { list: PendingSnapshot[]; values: number; timer: ReturnType<typeof setTimeout> }>()

  constructor(private readonly write: (runId: number, snapshots: PendingSnapshot[]) => void) {}

  add(runId: number, snapshot: PendingSnapshot): void {
    let h = this.held.get(runId)
    if (!h) {
      const timer = setTimeout(() => this.flush(runId), HOLD_MS)
      // the queue's own end (close) writes them: no process stays up for this timer
      timer.unref?.()
      h = { list: [], values: 0, timer }
      this.held.set(runId, h)
    }
    h.list.push(snapshot)
    const values = snapshot.weights?.values
    h.values += values instanceof Float32Array ? values.length : 0
    if (h.values >= HOLD_VALUES) this.flush(runId)
  }

  /** The run's held snapshots, handed over to go with its epochs; none are held for it after. */
  take(runId: number): PendingSnapshot[] {
    const h = this.held.get(runId)
    if (!h) return []
    clearTimeout(h.timer)
    this.held.delete(runId)
    return h.list
  }

  /** Writes the run's held snapshots now, alone. */
  flush(runId: number): void {
    const list = this.take(runId)
    if (list.length) this.write(runId, list)
  }
}
