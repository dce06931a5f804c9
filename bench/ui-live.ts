/**
 * Watching costs nothing (issue 14): `node --import ./tools/source.mjs bench/ui-live.ts [--epochs 2000] [--rounds 1]`.
 * The sign-caveat preset (25 runs) trained three ways, alternated each round, each on a fresh
 * database: through the CLI; in browser mode with no page open; in browser mode with the Live
 * page open in headless Chromium. Prints the time ratios, the page's longest task, its main-thread
 * share of one core and its JS heap, against the targets (≤ 1.1×, ≤ 100 ms, < 0.25 core).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { launchBrowser } from '../test/helpers/browser'
import { ROOT, startServe } from '../test/helpers/serve'
import { connect, fmt, loadProbe, LONG_TASK_PROBE, longTasks, verdict } from './uiClient'

const { values } = parseArgs({ options: { epochs: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '1' } } })
const EPOCHS = Number(values.epochs)
const ROUNDS = Number(values.rounds)
const PRESET = 'sign-caveat'
const out = (line = ''): void => void process.stdout.write(`${line}\n`)

/** The CLI as a user runs it (`npm run lab`, compiled; built before the clock starts), else its sources. */
const LAB = existsSync(join(ROOT, 'scripts/lab.mjs'))
  ? [join(ROOT, 'scripts/lab.mjs')]
  : ['--import', join(ROOT, 'tools/source.mjs'), join(ROOT, 'src-main/cli/index.ts')]
spawnSync(process.execPath, [...LAB, '--help'], { cwd: ROOT, stdio: 'ignore' })

function cli(): number {
  const dir = mkdtempSync(join(tmpdir(), 'nalu-bench-live-'))
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [...LAB, 'run', '--preset', PRESET, '--epochs', String(EPOCHS), '--db', join(dir, 'cli.db')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe']
  })
  const s = (performance.now() - t0) / 1000
  rmSync(dir, { recursive: true, force: true })
  if (r.status !== 0) throw new Error(`CLI run failed (${r.status}): ${r.stderr.toString().slice(-1000)}`)
  return s
}

interface Watched {
  seconds: number
  longest: number
  longCount: number
  busyShare: number
  heapMB: number
}

/** One browser-mode run of the preset; with `watch` the Live page is open the whole time. */
async function browserMode(watch: boolean): Promise<Watched> {
  const serve = await startServe()
  const browser = watch ? await launchBrowser() : null
  try {
    const page = browser ? await browser.newPage({ viewport: { width: 1400, height: 1000 } }) : null
    if (page) {
      await page.addInitScript(LONG_TASK_PROBE)
      await page.goto(`${serve.url}#/live`)
      await page.getByRole('heading', { name: 'Live training' }).waitFor()
    }
    // the page's own loading is not what watching costs: long tasks count from here
    const tasksBefore = page ? (await longTasks(page)).length : 0
    const probe = page ? await loadProbe(page) : null
    const before = probe ? await probe() : null
    const client = await connect(serve.origin, serve.token)
    const preset = (await client.invoke('presets.list', {})).find((p) => p.name === PRESET)
    if (!preset) throw new Error(`no preset ${PRESET}`)
    let left = -1
    const done = new Promise<void>((resolve) => client.on('jobs.finished', () => --left === 0 && resolve()))
    const t0 = performance.now()
    const { runIds } = await client.invoke('experiments.run', { ...preset.spec, training: { ...preset.spec.training, epochs: EPOCHS } })
    left += runIds.length + 1
    await done
    const seconds = (performance.now() - t0) / 1000
    client.close()
    if (!page || !probe || !before) return { seconds, longest: NaN, longCount: NaN, busyShare: NaN, heapMB: NaN }
    // the page has had the last events too once it lists every run as finished
    await page
      .locator('[aria-labelledby="finished-heading"] tbody tr')
      .nth(runIds.length - 1)
      .waitFor({ timeout: 120_000 })
    const after = await probe()
    const tasks = (await longTasks(page)).slice(tasksBefore)
    return {
      seconds,
      longest: Math.max(0, ...tasks),
      longCount: tasks.length,
      busyShare: (after.busyS - before.busyS) / seconds,
      heapMB: after.heapMB
    }
  } finally {
    await browser?.close()
    await serve.stop()
  }
}

out(`${PRESET} preset (25 runs) × ${EPOCHS} epochs, ${ROUNDS} round(s), alternated`)
const rows: { cli: number; closed: number; live: Watched }[] = []
for (let r = 0; r < ROUNDS; r++) {
  const c = cli()
  const closed = (await browserMode(false)).seconds
  const live = await browserMode(true)
  rows.push({ cli: c, closed, live })
  out(
    `round ${r + 1}: CLI ${fmt(c)} s | browser, no page ${fmt(closed)} s | browser, Live page open ${fmt(live.seconds)} s` +
      ` (longest task ${fmt(live.longest, 0)} ms, ${live.longCount} long tasks, page main thread ${fmt(live.busyShare * 100, 0)} % of a core, heap ${fmt(live.heapMB, 0)} MB)`
  )
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const cliS = median(rows.map((r) => r.cli))
const closedS = median(rows.map((r) => r.closed))
const liveS = median(rows.map((r) => r.live.seconds))
const longest = Math.max(...rows.map((r) => r.live.longest))
const share = Math.max(...rows.map((r) => r.live.busyShare))
out()
out(`Live page open ÷ CLI:            ${fmt(liveS / cliS)}×  (target ≤ 1.1×)  ${verdict(liveS / cliS <= 1.1)}`)
out(`Live page open ÷ no page:        ${fmt(liveS / closedS)}×  (the page's own cost)`)
out(`Longest task in the page:        ${fmt(longest, 0)} ms  (target ≤ 100 ms)  ${verdict(longest <= 100)}`)
out(`Page main thread, share of core: ${fmt(share, 2)}  (target < 0.25)  ${verdict(share < 0.25)}`)
out(`JS heap at the end:              ${fmt(Math.max(...rows.map((r) => r.live.heapMB)), 0)} MB`)
