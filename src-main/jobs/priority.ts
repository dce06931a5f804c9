import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'

/**
 * Training processes run at a lower CPU priority than the app (niceness 10; on Windows "below
 * normal"). While they fill every core, the window (Chromium's renderer, Electron's main process,
 * the server) then gets a core first, so a chart update does not queue behind a training step:
 * with both cores training, the Live view's 30–60 ms chart update became a task of 100–140 ms
 * (issue 14, docs/ui.md). Training alone on the machine loses nothing: the scheduler weighs
 * priorities only between processes that compete for a core.
 */
export const TRAINING_NICENESS = 10

/**
 * Linux with autogroups (the default on most distributions) shares the CPU first between
 * sessions, and only then by niceness inside a session: a browser started from the desktop is in
 * another session than `npm run serve` started from a terminal, so the training processes'
 * niceness alone would not give it the CPU (measured: a 40 ms task took 52–54 ms with two busy
 * processes at niceness 0 or 10 in another session, 37 ms once they were in a session of their
 * own at autogroup niceness 10). There a training process is started in a session of its own
 * (`detached`) whose autogroup gets the lower priority. Electron's renderer shares the app's
 * session, where niceness works as is.
 */
export function autogroupsOn(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): boolean {
  if (process.platform !== 'linux') return false
  try {
    return read('/proc/sys/kernel/sched_autogroup_enabled').trim() === '1'
  } catch {
    return false
  }
}

/**
 * Lowers a training process' priority, and with `autogroup` that of the session it leads. False
 * when something was refused (the process already gone, a system's policy): training then goes on
 * at normal priority, only the desktop responds less promptly while it trains.
 */
export function lowerPriority(pid: number | undefined, opts: { autogroup?: boolean } = {}): boolean {
  if (pid === undefined) return false
  try {
    // never raised: an app started with `nice -n 15` keeps its training at 15
    const niceness = Math.max(TRAINING_NICENESS, os.getPriority(pid))
    // on Linux this is the process' main thread, where training runs; its helper threads (V8's
    // compiler and collector) keep their priority unless the autogroup below covers them
    os.setPriority(pid, niceness)
    if (opts.autogroup) writeFileSync(`/proc/${pid}/autogroup`, String(niceness))
    return true
  } catch {
    return false
  }
}
