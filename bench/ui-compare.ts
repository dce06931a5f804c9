/**
 * Long series that never freeze (issue 14): `node --import ./tools/source.mjs bench/ui-compare.ts [--runs 20] [--epochs 50000]`.
 * Generates a database of RUNS runs × EPOCHS epochs straight into SQLite, starts browser mode on
 * it and measures, each time with how long the server's event loop was held meanwhile (read from
 * inside the server) and the slowest answer a second client pinging it every 5 ms had
 * (bench/serverWatch.ts):
 *  - every epoch as Compare asks it now for smoothing, grouping by model and per-output splits
 *    (runs.epochs: one run per request, in pieces of packed columns, two in flight), decoded into
 *    the epoch objects the page's charts take, without and with per-output losses;
 *  - the reduced series Compare now asks for (runs.chart: its width in pixel columns, one run per
 *    request), first while each run's reduction is made from its epochs, then from the stored ones;
 *  - Compare drawn in headless Chromium: time to three drawn charts, the page's longest task;
 *  - last, the reference: every epoch of every run in one request (what Compare fetched before).
 * Targets: drawn ≤ 1 s, no long task > 100 ms, the server's loop held ≤ 50 ms (the every-epoch path too).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import type { ChartSeries } from '@shared/series/columns'
import { everyEpoch, type EpochPiece } from '@shared/series/epochPiece'
import { openStore } from '../src-main/store'
import { launchBrowser } from '../test/helpers/browser'
import { startServe } from '../test/helpers/serve'
import { generate } from './storeGenerate'
import { connect, fmt, LONG_TASK_PROBE, longTasks, verdict } from './uiClient'
import { LOOP_PROBE_ARGS, watchServer, type Held } from './serverWatch'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, epochs: { type: 'string', default: '50000' } } })
const RUNS = Number(values.runs)
const EPOCHS = Number(values.epochs)
const WIDTH = 1400
/** the plot Compare's store asks for with 20 runs in that window: less the y axis (160 px) and the legend beside the plot (240 px) */
const PLOT = WIDTH - 400
const out = (line = ''): void => void process.stdout.write(`${line}\n`)
const held = (h: Held): string => `server loop held up to ${fmt(h.loopMs, 0)} ms, another client waited up to ${fmt(h.pingMs, 0)} ms`
const worst = (hs: Held[]): Held => ({ loopMs: Math.max(...hs.map((h) => h.loopMs)), pingMs: Math.max(...hs.map((h) => h.pingMs)) })

const dir = mkdtempSync(join(tmpdir(), 'nalu-bench-compare-'))
const dbPath = join(dir, 'lab.db')
openStore(dbPath).close()
let t = performance.now()
generate(dbPath, { runs: RUNS, epochs: EPOCHS, outputs: 1 })
out(
  `Generated ${RUNS} runs × ${EPOCHS} epochs (${(statSync(dbPath).size / 2 ** 20).toFixed(0)} MB) in ${fmt((performance.now() - t) / 1000, 1)} s`
)

const serve = await startServe({ dbPath, nodeArgs: LOOP_PROBE_ARGS, ipc: true })
const browser = await launchBrowser()
try {
  const client = await connect(serve.origin, serve.token)
  const watch = await watchServer(serve)
  const ids = (await client.invoke('runs.list', { sort: 'id', dir: 'asc', offset: 0, limit: RUNS })).rows.map((r) => r.id)

  // the machine's own noise: the idle server over two seconds
  const idle = await watch.during(() => new Promise((r) => setTimeout(r, 2000)))
  out(`idle server:              ${held(idle)} (what the machine adds to every stall below)`)

  // as Compare asks: one run per request, two in flight
  const asCompare = () =>
    watch.during(async () => {
      const got: ChartSeries[] = []
      let next = 0
      const worker = async () => {
        while (next < ids.length) got.push(await client.invoke('runs.chart', { id: ids[next++], columns: WIDTH, plot: PLOT }))
      }
      await Promise.all([worker(), worker()])
      return got
    })
  t = performance.now()
  // the generated runs ended before the server started: their reductions are made on first request
  const first = await asCompare()
  const firstS = (performance.now() - t) / 1000
  t = performance.now()
  const reduced = await asCompare()
  const reducedS = (performance.now() - t) / 1000
  const reducedPoints = reduced.value.reduce((n, s) => n + s.points, 0)
  out(`first chart requests:     ${fmt(firstS)} s (each run's reduction made from its epochs and kept); ${held(first)}`)
  out(`reduced to a ${PLOT}-pixel plot: ${fmt(reducedS)} s for ${reducedPoints} points (stored reductions); ${held(reduced)}`)

  const page = await browser.newPage({ viewport: { width: WIDTH, height: 1000 } })
  await page.addInitScript(LONG_TASK_PROBE)
  await page.goto(`${serve.url}#/history`)
  await page.getByRole('heading', { level: 1 }).first().waitFor()
  await page.evaluate('new Promise((r) => setTimeout(r, 500))')
  const before = (await longTasks(page)).length
  const drawn = await watch.during(async () => {
    const t0 = performance.now()
    await page.evaluate(`location.hash = '#/compare?ids=${ids.join(',')}'`)
    await page.locator('.loss-chart canvas').nth(2).waitFor({ timeout: 60_000 })
    // the charts are built one per animation frame after they mount (Chart.js styles a canvas it
    // takes): wait for all three, then a few frames for updates queued behind them
    await page.evaluate(
      "new Promise((r) => { const f = () => ([...document.querySelectorAll('.loss-chart canvas')].every((c) => c.style.display === 'block') ? r() : requestAnimationFrame(f)); f() })"
    )
    await page.evaluate(
      'new Promise((r) => { let n = 0; const f = () => (++n >= 4 ? r() : requestAnimationFrame(f)); requestAnimationFrame(f) })'
    )
    return (performance.now() - t0) / 1000
  })
  const tasks = (await longTasks(page)).slice(before)
  const longest = Math.max(0, ...tasks)
  const stall = worst([first, reduced, drawn])
  out(`Compare page drawn:       ${fmt(drawn.value)} s; ${tasks.length} long task(s), longest ${fmt(longest, 0)} ms; ${held(drawn)}`)
  // every epoch as Compare's store asks it (fetchEvery): a run per request in pieces, two in flight.
  // The pieces are decoded into epoch objects (what the page does, in the browser) afterwards:
  // decoding meanwhile would take one of the two cores from the server and the pinging client
  const everyAsCompare = (perOutput: boolean) =>
    watch.during(async () => {
      const pieces: EpochPiece[][] = ids.map(() => [])
      let next = 0
      const worker = async () => {
        while (next < ids.length) {
          const i = next++
          for (let after: number | undefined; ;) {
            const p = await client.invoke('runs.epochs', { id: ids[i], perOutput, ...(after === undefined ? {} : { after }) })
            pieces[i].push(p)
            if (p.next === null) break
            after = p.next
          }
        }
      }
      await Promise.all([worker(), worker()])
      return pieces
    })
  const every = []
  const everyLines: string[] = []
  for (const perOutput of [false, true]) {
    t = performance.now()
    const r = await everyAsCompare(perOutput)
    const s = (performance.now() - t) / 1000
    const pieces = r.value.reduce((n, p) => n + p.length, 0)
    t = performance.now()
    // the same pieces in the order they came, through the page's own loop
    const runs = await Promise.all(r.value.map((pieces) => everyEpoch(() => Promise.resolve(pieces.shift()!))))
    const decodeS = (performance.now() - t) / 1000
    const points = runs.reduce((n, x) => n + x.series.length, 0)
    const outputs = runs.reduce((n, x) => n + x.series.reduce((m, e) => m + e.perOutput.interp.length, 0), 0)
    every.push({ s, decodeS, held: r })
    everyLines.push(
      `every epoch as Compare asks it${perOutput ? ', per output' : ''}: ${fmt(s)} s for ${points} points${perOutput ? ` (${outputs} per-output losses)` : ''} in ${pieces} pieces, then ${fmt(decodeS)} s to decode; ${held(r)}`
    )
  }

  everyLines.forEach((l) => out(l))
  // the reference last: its one answer of every epoch (157 MB of JSON for 20 × 50,000) leaves the
  // server garbage whose collection landed in whichever window came next (55–58 ms stalls in round 10)
  t = performance.now()
  const full = await watch.during(() => client.invoke('runs.series', { ids }))
  const fullS = (performance.now() - t) / 1000
  const fullPoints = full.value.reduce((n, s) => n + s.series.length, 0)
  out(`reference, every epoch:   ${fmt(fullS)} s for ${fullPoints} points; ${held(full)}`)
  out()
  out(`Compare of ${RUNS} × ${EPOCHS} drawn in:  ${fmt(drawn.value)} s  (target ≤ 1 s)  ${verdict(drawn.value <= 1)}`)
  out(`Longest task in the page:           ${fmt(longest, 0)} ms  (target ≤ 100 ms)  ${verdict(longest <= 100)}`)
  out(
    `Server event loop held at most:     ${fmt(stall.loopMs, 0)} ms  (target ≤ 50 ms; idle ${fmt(idle.loopMs, 0)} ms, every-epoch reference ${fmt(full.loopMs, 0)} ms; another client waited up to ${fmt(stall.pingMs, 0)} ms)  ${verdict(stall.loopMs <= 50)}`
  )
  out(`Points sent, reduced ÷ every epoch: ${fmt(reducedPoints / fullPoints, 4)}  (${fmt(fullS / reducedS, 1)}× faster to fetch)`)
  const everyStall = worst(every.map((e) => e.held))
  out(
    `Every epoch as Compare asks it, server held at most: ${fmt(everyStall.loopMs, 0)} ms  (target ≤ 50 ms; another client waited up to ${fmt(everyStall.pingMs, 0)} ms)  ${verdict(everyStall.loopMs <= 50)}`
  )
  out(
    `Every epoch as Compare asks it, fetched and decoded in: ${every.map((e) => fmt(e.s + e.decodeS)).join(' / ')} s (without / with per-output losses; the reference, decoded as it came, ${fmt(fullS)} s: ${fmt(fullS / (every[0].s + every[0].decodeS), 1)}× faster)`
  )
  client.close()
  await watch.close()
} finally {
  await browser.close()
  await serve.stop()
  rmSync(dir, { recursive: true, force: true })
}
