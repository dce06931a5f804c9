/**
 * CPU seconds of this process's descendants, by role (the server, training processes, each kind
 * of Chromium process), for the UI benches: on 2 cores with two training processes, every
 * CPU-second another process takes is a second training waits, so the time ratios alone do not
 * say who took it. Linux only (/proc); elsewhere the totals stay empty.
 *
 * A process's CPU is read from /proc/<pid>/stat every `everyMs` while it lives; one that exits
 * between two samples loses at most that interval's share.
 */
import { readFileSync, readdirSync } from 'node:fs'

export type CpuRole = 'bench' | 'server' | 'cli' | 'training' | 'renderer' | 'browser' | 'gpu' | 'network' | 'chromium other'

const TICK_S = 0.01 // USER_HZ is 100 on Linux

interface Proc {
  ppid: number
  cpuS: number
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name may hold spaces and parentheses: fields start after the last ')'
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { ppid: Number(f[1]), cpuS: (Number(f[11]) + Number(f[12])) * TICK_S }
  } catch {
    return null
  }
}

function roleOf(pid: number): CpuRole | null {
  let cmd: string
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
  } catch {
    return null
  }
  if (/worker\.js/.test(cmd)) return 'training'
  if (/serve\.(mjs|js)/.test(cmd)) return 'server'
  if (/lab\.mjs|cli\/index/.test(cmd)) return 'cli'
  const type = /--type=([\w-]+)/.exec(cmd)?.[1]
  if (!type) return /chrom/i.test(cmd) ? 'browser' : null
  if (type === 'renderer') return 'renderer'
  if (type === 'gpu-process') return 'gpu'
  if (type === 'utility') return /NetworkService/.test(cmd) ? 'network' : 'chromium other'
  return 'chromium other'
}

/** Samples until stop(), which returns CPU seconds per role used since start. */
export function sampleCpu(everyMs = 200): { stop(): Map<CpuRole, number> } {
  if (process.platform !== 'linux') return { stop: () => new Map() }
  const first = new Map<number, number>()
  const last = new Map<number, { role: CpuRole; cpuS: number }>()
  const sample = (): void => {
    const procs = new Map<number, Proc>()
    for (const name of readdirSync('/proc')) {
      const pid = Number(name)
      if (!Number.isInteger(pid)) continue
      const p = readProc(pid)
      if (p) procs.set(pid, p)
    }
    const mine = (pid: number): boolean => {
      for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
        if (p === process.pid) return true
        p = procs.get(p)?.ppid ?? 0
      }
      return false
    }
    for (const [pid, p] of procs) {
      if (pid === process.pid || !mine(pid)) continue
      const known = last.get(pid)
      // a process caught between fork and exec still shows its parent's command line (a training
      // process as the server it was forked from): asked again while it says so
      const role = known && known.role !== 'server' && known.role !== 'cli' ? known.role : (roleOf(pid) ?? known?.role)
      if (!role) continue
      // a process seen for the first time after start counts from 0; one there at start from then
      if (!first.has(pid)) first.set(pid, started ? 0 : p.cpuS)
      last.set(pid, { role, cpuS: p.cpuS })
    }
  }
  let started = false
  sample()
  started = true
  const timer = setInterval(sample, everyMs)
  const own = process.cpuUsage()
  return {
    stop() {
      clearInterval(timer)
      sample()
      const out = new Map<CpuRole, number>()
      // this process: the socket client, Playwright's end of the page's CDP pipe, the sampling itself
      const { user, system } = process.cpuUsage(own)
      out.set('bench', (user + system) / 1e6)
      for (const [pid, { role, cpuS }] of last) out.set(role, (out.get(role) ?? 0) + cpuS - (first.get(pid) ?? 0))
      return out
    }
  }
}

/** "server 2.1, training 25.3, renderer 3.5 …" (CPU seconds), largest first. */
export function formatCpu(cpu: Map<CpuRole, number>): string {
  return [...cpu]
    .filter(([, s]) => s >= 0.05)
    .sort((a, b) => b[1] - a[1])
    .map(([role, s]) => `${role} ${s.toFixed(1)}`)
    .join(', ')
}
