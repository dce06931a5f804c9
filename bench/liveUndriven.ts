/**
 * The Live page watched by a browser no tool drives (bench/ui-live.ts). Playwright keeps a DevTools
 * session on its pages, and Chromium then reports every WebSocket frame, request and console call
 * to it: on the sign-caveat preset the renderer took 3.2–4.1 CPU-s with that session against
 * 2.0–2.2 without, the browser process 0.8–1.0 against 0.1 (round 8, docs/ui.md). A user's browser (and the app's
 * window) has none. Here Chromium is started as a user starts it, with the remote-debugging port
 * open but no client on it until the run is over. Even a client that connected before the run and
 * left kept some of that cost (renderer 2.5–3.2 CPU-s against 2.0–2.1 without one), so the page is
 * given LOAD_MS to load, and a client connects only afterwards to see that it had loaded before
 * the run started and that it lists every run as finished, and to read the long tasks the page had
 * during the run (Chromium keeps them for an observer that asks for `buffered` entries).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium, type Page } from 'playwright-core'
import type { ExperimentSpec } from '@shared/domain'
import { browserExecutable } from '../test/helpers/browser'
import { startServe, type ServeHandle } from '../test/helpers/serve'
import { connect } from './uiClient'
import { sampleCpu, type CpuRole } from './procCpu'

export interface Undriven {
  seconds: number
  cpu: Map<CpuRole, number>
  /** the page's long tasks during the run, ms (Chromium keeps them for a `buffered` observer) */
  longTasks: number[]
  /** when each began, seconds after the run was asked for: the first charts come early, runs ending late */
  longTaskAt: number[]
  /** every Live chart was inside the window at the end of the run */
  curvesInView: boolean
}

async function devToolsPort(profile: string, timeoutMs = 30_000): Promise<number> {
  const file = join(profile, 'DevToolsActivePort')
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (existsSync(file)) {
      const port = Number(readFileSync(file, 'utf8').split('\n')[0])
      if (port > 0) return port
    }
  }
  throw new Error(`Chromium did not open its DevTools port within ${timeoutMs / 1000} s`)
}

/** Ample for the page to load here; the check after the run refuses a run that started before it had. */
const LOAD_MS = 5000

/** Connects a DevTools client for as long as `look` takes, then disconnects. */
async function glance(port: number, look: (page: Page) => Promise<void>): Promise<void> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`)
  try {
    const page = browser.contexts()[0]?.pages()[0]
    if (!page) throw new Error('the browser has no page open')
    await look(page)
  } finally {
    // for a browser it connected to, close() only disconnects
    await browser.close()
  }
}

/**
 * Trains `spec` in browser mode, started from a socket client of its own: the seconds from the
 * request to the last run's end and the CPU seconds of every process by role meanwhile.
 */
export async function trainTimed(
  serve: ServeHandle,
  spec: ExperimentSpec
): Promise<{ seconds: number; cpu: Map<CpuRole, number>; runIds: number[]; startedAt: number }> {
  const client = await connect(serve.origin, serve.token)
  let left = -1
  const done = new Promise<void>((resolve) => client.on('jobs.finished', () => --left === 0 && resolve()))
  const cpu = sampleCpu()
  const startedAt = Date.now()
  const t0 = performance.now()
  const { runIds } = await client.invoke('experiments.run', spec)
  left += runIds.length + 1
  await done
  const seconds = (performance.now() - t0) / 1000
  const used = cpu.stop()
  client.close()
  return { seconds, cpu: used, runIds, startedAt }
}

/**
 * A window as a user has one: a laptop's 1400 × 1000, which opens on the jobs table with 25 runs'
 * curves below it, and one 2600 tall, in which the whole page is in view, curves included (the
 * Live charts draw only in view: src-renderer/composables/useInView.ts).
 */
export interface WindowSize {
  width: number
  height: number
}

/** One browser-mode run of `spec` with the Live page open, in a window of `size`, in a Chromium no tool is attached to. */
export async function watchUndriven(spec: ExperimentSpec, size: WindowSize): Promise<Undriven> {
  const serve = await startServe()
  const profile = mkdtempSync(join(tmpdir(), 'nalu-bench-chromium-'))
  const { path, env, args } = browserExecutable()
  const windowArg = `--window-size=${size.width},${size.height}`
  // a group of its own, so its renderer and GPU processes end with it (else they go on writing to the profile being removed)
  const browser = spawn(path, [...args, windowArg, `--user-data-dir=${profile}`, '--remote-debugging-port=0', `${serve.url}#/live`], {
    env,
    stdio: 'ignore',
    detached: true
  })
  const exited = new Promise((resolve) => browser.once('exit', resolve))
  try {
    const port = await devToolsPort(profile)
    await new Promise((r) => setTimeout(r, LOAD_MS))
    const { seconds, cpu: used, runIds, startedAt } = await trainTimed(serve, spec)
    // the page really watched: it had loaded before the run started, and lists every run as finished
    let tasks: [number, number][] = []
    let curvesInView = false
    await glance(port, async (page) => {
      const loadedAt = await page.evaluate<number>(
        "performance.timeOrigin + (performance.getEntriesByType('navigation')[0]?.loadEventEnd || Infinity)"
      )
      if (!(loadedAt < startedAt))
        throw new Error(`the Live page had not loaded ${LOAD_MS / 1000} s after the browser started: wait longer`)
      await page.getByRole('heading', { name: 'Live training' }).waitFor({ timeout: 10_000 })
      await page.locator('#finished-heading', { hasText: `(${runIds.length})` }).waitFor({ timeout: 120_000 })
      // where the curves were: the lowest chart's bottom edge against the window's height
      curvesInView = await page.evaluate<boolean>(
        "[...document.querySelectorAll('.live-chart')].every((el) => el.getBoundingClientRect().bottom <= innerHeight)"
      )
      tasks = await page.evaluate<[number, number][]>(`new Promise((resolve) => {
        const got = []
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            const at = performance.timeOrigin + e.startTime
            if (at >= ${startedAt}) got.push([e.duration, (at - ${startedAt}) / 1000])
          }
        }).observe({ type: 'longtask', buffered: true })
        setTimeout(() => resolve(got), 100)
      })`)
    })
    return { seconds, cpu: used, longTasks: tasks.map((t) => t[0]), longTaskAt: tasks.map((t) => t[1]), curvesInView }
  } finally {
    if (browser.exitCode === null && browser.pid !== undefined) process.kill(-browser.pid, 'SIGKILL')
    await exited
    await serve.stop()
    rmSync(profile, { recursive: true, force: true, maxRetries: 10 })
  }
}
