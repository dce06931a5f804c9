import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'

/**
 * Who owns a queued or running run: the process id, plus a token unique to this process. The
 * token holds the process start time as the kernel reports it (Linux), so a dead owner whose pid was
 * reused by another program is still recognised as dead.
 */
export interface Owner {
  pid: number
  token: string
}

/** Start time of a process in clock ticks since boot (field 22 of /proc/<pid>/stat), or null. */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name (field 2) may hold spaces and parentheses: split after its closing one
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19] ?? null
  } catch {
    return null
  }
}

const self: Owner = {
  pid: process.pid,
  token: `${processStartTicks(process.pid) ?? 'na'}:${randomUUID()}`
}

export function currentOwner(): Owner {
  return self
}

/** Whether the process that wrote this owner is still running. */
export function ownerAlive(pid: number | null, token: string | null): boolean {
  if (pid === null || token === null) return false
  if (pid === self.pid) return token === self.token
  try {
    process.kill(pid, 0)
  } catch (err) {
    // EPERM: the process exists but belongs to another user
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const recorded = token.split(':')[0]
  const now = processStartTicks(pid)
  return recorded === 'na' || now === null || recorded === now
}
