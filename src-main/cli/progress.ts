import type { EventChannel } from '@shared/contract'
import type { JobFinished, JobProgress } from '@shared/domain'

export interface ProgressOptions {
  runs: number
  /** a run's length in its unit, and the unit's name */
  length: number
  unit: 'iterations' | 'epochs'
  write: (s: string) => void
  /** a terminal: one line redrawn in place; otherwise a plain line now and then */
  tty: boolean
  now?: () => number
  /** how often a line is written when not a terminal */
  everyMs?: number
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

function formatRate(perSecond: number): string {
  return perSecond >= 1000 ? `${(perSecond / 1000).toFixed(1)}k` : perSecond.toFixed(perSecond >= 10 ? 0 : 1)
}

/**
 * The `lab run` progress line: runs done of all, the steps per second over every run (iterations,
 * or epochs for epoch presets) and the time left at that pace. Fed by the job queue's events.
 */
export function progressLine(opts: ProgressOptions) {
  const now = opts.now ?? (() => performance.now())
  const start = now()
  // steps each run has trained: what the pace is measured on
  const reached = new Map<number, number>()
  const ended = new Set<number>()
  let finished = 0
  let lastWrite = -Infinity
  let drawn = false
  const short = opts.unit === 'iterations' ? 'it/s' : 'epochs/s'

  const text = (): string => {
    const steps = [...reached.values()].reduce((a, b) => a + b, 0)
    const seconds = (now() - start) / 1000
    const rate = seconds > 0 ? steps / seconds : 0
    // a run that ended early (diverged, cancelled) has no steps left, and trained only the ones it did
    const stepsOfRunning = [...reached].reduce((a, [id, n]) => a + (ended.has(id) ? 0 : n), 0)
    const left = (opts.runs - finished) * opts.length - stepsOfRunning
    const eta = rate > 0 ? formatDuration((left / rate) * 1000) : '–'
    return `runs ${finished}/${opts.runs} · ${rate > 0 ? formatRate(rate) : '–'} ${short} · ETA ${finished === opts.runs ? '0s' : eta}`
  }
  const draw = (force: boolean): void => {
    const t = now()
    if (!force && t - lastWrite < (opts.tty ? 250 : (opts.everyMs ?? 10_000))) return
    lastWrite = t
    opts.write(opts.tty ? `\r${text()}\x1b[K` : `${text()}\n`)
    drawn = opts.tty
  }
  return {
    /** for EventHub.subscribe */
    onEvent(channel: EventChannel, payload: unknown): void {
      if (channel === 'jobs.progress') {
        const p = payload as JobProgress
        reached.set(p.runId, p.epoch)
        draw(false)
      } else if (channel === 'jobs.finished') {
        const p = payload as JobFinished
        if (!ended.has(p.runId)) finished++
        ended.add(p.runId)
        if (p.status === 'completed') reached.set(p.runId, opts.length)
        draw(finished === opts.runs)
      }
    },
    /** Writes a line of its own (a run's end) without tearing the progress line. */
    print(line: string): void {
      if (drawn) opts.write('\r\x1b[K')
      opts.write(line)
      drawn = false
      if (opts.tty) draw(true)
    },
    /** Ends the line in a terminal, so the next output starts on its own line. */
    done(): void {
      if (drawn) opts.write('\n')
      drawn = false
    },
    text
  }
}
