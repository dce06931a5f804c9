/**
 * Slurm's job states as the lab reads them. A task that is PENDING or RUNNING (or on its way
 * between the two) still owns its runs; any other state means it has ended, for good or not.
 */
const ACTIVE_STATES = new Set([
  'PENDING',
  'CONFIGURING',
  'RUNNING',
  'COMPLETING',
  'SUSPENDED',
  'REQUEUED',
  'RESIZING',
  'SIGNALING',
  'STAGE_OUT',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'RESV_DEL_HOLD'
])

export function isActiveState(state: string): boolean {
  return ACTIVE_STATES.has(state)
}

/** Why an ended task's runs did not come home, in words a user acts on. */
export function describeEnd(state: string, reason: string, exitCode: string): string {
  const signal = /^\d+:(\d+)$/.exec(exitCode)?.[1]
  const code = /^(\d+):/.exec(exitCode)?.[1]
  const how = signal && signal !== '0' ? `, killed by signal ${signal}` : code && code !== '0' ? `, exit code ${code}` : ''
  const why = reason && reason !== 'None' ? ` (${reason})` : ''
  switch (state) {
    case 'NODE_FAIL':
      return `its node failed${why}`
    case 'BOOT_FAIL':
      return `its node could not boot${why}`
    case 'TIMEOUT':
      return 'it reached its time limit (--time)'
    case 'OUT_OF_MEMORY':
      return 'it ran out of memory'
    case 'PREEMPTED':
      return 'it was preempted'
    case 'DEADLINE':
      return 'it reached its deadline'
    case 'CANCELLED':
      return `it was cancelled${why}`
    case 'UNKNOWN':
      return 'Slurm no longer knows the task and it left no result'
    default:
      return `it ended ${state}${how}${why}`
  }
}

/** "0-3", "2,5,7-9", "1-5%2" (pending ranges of an array) → the task numbers. */
export function expandTasks(ids: string): number[] {
  return ids
    .replace(/%\d+$/, '')
    .split(',')
    .flatMap((part) => {
      const m = /^(\d+)(?:-(\d+))?(?::(\d+))?$/.exec(part.trim())
      if (!m) return []
      const from = Number(m[1])
      const to = m[2] === undefined ? from : Number(m[2])
      const step = m[3] === undefined ? 1 : Number(m[3])
      const out: number[] = []
      for (let i = from; i <= to; i += step) out.push(i)
      return out
    })
}
