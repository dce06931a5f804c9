import { markRaw } from 'vue'
import { withoutPerOutput, type EpochMetrics } from '@shared/domain'
import { reduceEpochs } from '@shared/series/minMax'

/** A run's live epochs. `generation` changes when older epochs were thinned out, so readers start over. */
export interface LiveTrace {
  readonly epochs: EpochMetrics[]
  generation: number
  /** epochs received, thinned ones included */
  received: number
  /** the stored epochs from before this window listened have been merged in */
  seeded: boolean
}

/** Past this many epochs a run's live series is thinned to LIVE_COLUMNS min–max columns: the heap stays bounded. */
export const LIVE_CAP = 4000
export const LIVE_COLUMNS = 1000
/** A finished run longer than this is thinned to FINISHED_COLUMNS: a study of 300 runs stays a few tens of MB. */
export const FINISHED_CAP = 1500
export const FINISHED_COLUMNS = 500

/**
 * The live series of every run in the Live view, append-only between thinnings. They stay out of
 * Vue's reactivity (tens of thousands of objects); the jobs store bumps a revision instead.
 */
export class LiveTraces {
  private readonly traces = new Map<number, LiveTrace>()

  get(runId: number): LiveTrace | undefined {
    return this.traces.get(runId)
  }

  /** Epochs received for this run so far (before any thinning). */
  received(runId: number): number {
    return this.traces.get(runId)?.received ?? 0
  }

  /** Whether a job at `epoch` has epochs this window never saw (it listened late and has not seeded yet). */
  missesEpochs(runId: number, epoch: number): boolean {
    const t = this.traces.get(runId)
    return epoch > 0 && !t?.seeded && (t?.received ?? 0) < epoch
  }

  delete(runId: number): void {
    this.traces.delete(runId)
  }

  private traceOf(runId: number): LiveTrace {
    let t = this.traces.get(runId)
    if (!t) this.traces.set(runId, (t = markRaw({ epochs: markRaw([]), generation: 0, received: 0, seeded: false })))
    return t
  }

  /** The run ended: nothing more arrives, so its trace keeps about what a chart's width can show. */
  finish(runId: number): void {
    const t = this.traces.get(runId)
    if (t) this.thin(t, FINISHED_CAP, FINISHED_COLUMNS)
  }

  private thin(t: LiveTrace, cap = LIVE_CAP, columns = LIVE_COLUMNS): void {
    if (t.epochs.length <= cap) return
    const kept = reduceEpochs(t.epochs, columns)
    t.epochs.splice(0, t.epochs.length, ...kept)
    t.generation++
  }

  /** Epochs of a progress event; a repeated or older epoch (events overlap a seed) is skipped. */
  append(runId: number, epochs: readonly EpochMetrics[]): void {
    const t = this.traceOf(runId)
    const arr = t.epochs
    let last = arr.length ? arr[arr.length - 1].epoch : -1
    for (const e of epochs) {
      if (e.epoch <= last) continue
      // per-output losses matter only for the latest epoch (the run page's table): older ones drop them
      if (arr.length) arr[arr.length - 1] = withoutPerOutput(arr[arr.length - 1])
      arr.push(e)
      t.received++
      last = e.epoch
    }
    this.thin(t)
  }

  /** Stored epochs from before this window listened, merged under the ones that arrived since. */
  seed(runId: number, stored: readonly EpochMetrics[]): void {
    const t = this.traceOf(runId)
    const lastStored = stored.length ? stored[stored.length - 1].epoch : -1
    const local = t.epochs.filter((e) => e.epoch > lastStored)
    const merged = [...stored.map(withoutPerOutput), ...local]
    if (!local.length && stored.length) merged[merged.length - 1] = stored[stored.length - 1]
    t.epochs.splice(0, t.epochs.length, ...merged)
    t.received = stored.length + local.length
    t.seeded = true
    t.generation++
    this.thin(t)
  }
}
