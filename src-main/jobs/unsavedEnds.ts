import type { LabStore, RunEnd } from '../store/types'
import { errorCode } from '../store/errors'

/** How often a run end the database refused is tried again (a full disk, a locked or read-only file). */
export const RETRY_END_MS = 2000

/**
 * Run ends the store could not write, kept until it can. Without this a run whose end hit a full
 * disk stayed `running` for as long as the server lived (its owner, this process, is alive, so no
 * recovery touches it). Each is retried until stored; the queue's close tries once more, and what is
 * still unwritten then is left to the next open's recovery (`interrupted`, epochs kept).
 */
export function unsavedEnds(store: LabStore, onStored: (runId: number) => void, log: (m: string) => void) {
  const ends = new Map<number, RunEnd>()
  let timer: NodeJS.Timeout | null = null

  const retry = (): void => {
    timer = null
    for (const [runId, end] of ends) {
      try {
        store.finishRun(runId, end)
      } catch (err) {
        if (transient(err)) break
        // the run was deleted or ended meanwhile: nothing left to write
        log(`run ${runId}: its end is dropped: ${(err as Error).message}`)
      }
      ends.delete(runId)
      onStored(runId)
    }
    if (ends.size && !timer) timer = setTimeout(retry, RETRY_END_MS).unref()
  }

  return {
    /** whether the error says the database could not be written right now */
    transient,
    keep(runId: number, end: RunEnd): void {
      ends.set(runId, end)
      if (!timer) timer = setTimeout(retry, RETRY_END_MS).unref()
    },
    size: () => ends.size,
    /** one last try, then stop retrying */
    flush(): void {
      if (timer) clearTimeout(timer)
      retry()
      if (timer) clearTimeout(timer)
      timer = null
    }
  }
}

function transient(err: unknown): boolean {
  return /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|NOMEM)/.test(errorCode(err))
}
