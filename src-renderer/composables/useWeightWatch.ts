import { onBeforeUnmount, watch, type Ref } from 'vue'
import { useApi } from '../api'

/** How long one request keeps a run's live snapshots coming; renewed at half of it, so one lost request costs nothing. */
export const WATCH_LEASE_MS = 5000

/**
 * Live weight maps cost the training process a snapshot and the wire a message a few times a
 * second, so a run sends them only while a view shows its weights: while `runId` holds a run, this
 * asks for them (`jobs.watchWeights`, a lease) and renews the lease until the run changes or the
 * view goes; then it ends the lease. A closed tab simply stops renewing, and the lease runs out.
 */
export function useWeightWatch(runId: Ref<number | null>): void {
  let timer: ReturnType<typeof setInterval> | null = null
  const ask = (id: number, ms: number) => {
    // a run that is not running yet (or any more) just answers false; the next renewal tries again
    Promise.resolve()
      .then(() => useApi().invoke('jobs.watchWeights', { runId: id, ms }))
      .catch(() => {})
  }
  const stop = (id: number | null) => {
    if (timer !== null) clearInterval(timer)
    timer = null
    if (id !== null) ask(id, 0)
  }
  watch(
    runId,
    (id, old) => {
      stop(old ?? null)
      if (id === null) return
      ask(id, WATCH_LEASE_MS)
      timer = setInterval(() => ask(id, WATCH_LEASE_MS), WATCH_LEASE_MS / 2)
    },
    { immediate: true }
  )
  onBeforeUnmount(() => stop(runId.value))
}
