/**
 * Start-up on a big database (issue 14): `node --import ./tools/source.mjs bench/ui-start.ts --db PATH`
 * (a ~1.5 GB store: `--generate` writes 10,000 runs × 620 epochs × 10 outputs to PATH first).
 * Times, each the median of a few runs against `node -e 0` measured in the same run (Node's own):
 *  - opening the store in this process: the default (after a clean shutdown), the quick and the
 *    full check (the old default), and the first open after a process was killed with it open;
 *  - `lab list --db PATH` as a process (the compiled CLI, out/main/lab.js: run `npm run lab` once);
 *  - browser mode (out/main/serve.js) until it prints its address.
 * Target: CLI commands and browser mode ready within 0.3 s plus Node's own start.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { openStore } from '../src-main/store'
import { generate } from './storeGenerate'
import { fmt, verdict } from './uiClient'

const ROOT = join(import.meta.dirname, '..')
const { values } = parseArgs({ options: { db: { type: 'string' }, generate: { type: 'boolean' }, reps: { type: 'string', default: '5' } } })
if (!values.db) throw new Error('--db PATH is required')
const DB = values.db
const REPS = Number(values.reps)
const out = (line = ''): void => void process.stdout.write(`${line}\n`)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

if (values.generate) {
  openStore(DB).close()
  generate(DB, { runs: 10_000, epochs: 620, outputs: 10 })
}
out(`${DB}: ${(statSync(DB).size / 2 ** 30).toFixed(2)} GB`)

function timeOpen(env: Record<string, string | undefined>): number {
  const saved = process.env.NALU_LAB_CHECK
  Object.assign(process.env, env)
  try {
    const t = performance.now()
    openStore(DB, { recover: false }).close()
    return (performance.now() - t) / 1000
  } finally {
    if (saved === undefined) delete process.env.NALU_LAB_CHECK
    else process.env.NALU_LAB_CHECK = saved
  }
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t = performance.now()
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } })
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${r.stderr.toString().slice(-500)}`)
  return (performance.now() - t) / 1000
}

/** Browser mode from spawn to its address line; `kill9` leaves it killed with the file open. */
async function timeServe(env: NodeJS.ProcessEnv = {}, kill9 = false, db = DB): Promise<number> {
  const t = performance.now()
  const child = spawn(process.execPath, [join(ROOT, 'out/main/serve.js'), '--port', '0', '--db', db], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env }
  })
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
  })
  const s = (performance.now() - t) / 1000
  if (!line.startsWith('NALU Lab at')) throw new Error(`unexpected line from serve: ${line}`)
  const exited = new Promise((r) => child.once('exit', r))
  child.kill(kill9 ? 'SIGKILL' : 'SIGTERM')
  await exited
  return s
}

if (!existsSync(join(ROOT, 'out/main/lab.js'))) throw new Error('out/main is not built: run `npm run lab -- --help` once')
timeOpen({}) // warm the page cache: every timing below reads a file the OS has in memory
const node = median(Array.from({ length: REPS }, () => timeProcess(['-e', '0'])))
const openDefault = median(Array.from({ length: REPS }, () => timeOpen({})))
const openQuick = median(Array.from({ length: 3 }, () => timeOpen({ NALU_LAB_CHECK: 'quick' })))
const openFull = median(Array.from({ length: 3 }, () => timeOpen({ NALU_LAB_CHECK: 'full' })))
const cli = median(Array.from({ length: REPS }, () => timeProcess([join(ROOT, 'out/main/lab.js'), 'list', '--db', DB])))
const cliFull = median(
  Array.from({ length: 3 }, () => timeProcess([join(ROOT, 'out/main/lab.js'), 'list', '--db', DB], { NALU_LAB_CHECK: 'full' }))
)
const serves: number[] = []
for (let i = 0; i < REPS; i++) serves.push(await timeServe())
const serve = median(serves)
const serveFull = await timeServe({ NALU_LAB_CHECK: 'full' })
// the same on an empty store: what start-up costs whatever the file's size
const emptyDir = mkdtempSync(join(tmpdir(), 'nalu-bench-start-'))
const EMPTY = join(emptyDir, 'empty.db')
openStore(EMPTY).close()
const serveEmpty: number[] = []
for (let i = 0; i < REPS; i++) serveEmpty.push(await timeServe({}, false, EMPTY))
const cliEmpty = median(Array.from({ length: REPS }, () => timeProcess([join(ROOT, 'out/main/lab.js'), 'list', '--db', EMPTY])))
rmSync(emptyDir, { recursive: true, force: true })
await timeServe({}, true)
const afterCrash = await timeServe()
const again = await timeServe()

out(`Node's own start (node -e 0):        ${fmt(node)} s`)
out(
  `open, default (clean shutdown):      ${fmt(openDefault, 3)} s   quick_check: ${fmt(openQuick)} s   integrity_check: ${fmt(openFull)} s`
)
out(`lab list (10,000 runs printed):      ${fmt(cli)} s   with the full check: ${fmt(cliFull)} s   on an empty store: ${fmt(cliEmpty)} s`)
out(
  `browser mode ready:                  ${fmt(serve)} s   with the full check: ${fmt(serveFull)} s   on an empty store: ${fmt(median(serveEmpty))} s`
)
out(`browser mode after a kill -9:        ${fmt(afterCrash)} s (full check once), then ${fmt(again)} s`)
out()
out(`store open, default:            ${fmt(openDefault, 3)} s  (target ≤ 0.3 s)  ${verdict(openDefault <= 0.3)}`)
out(`browser mode − Node's own:      ${fmt(serve - node)} s  (target ≤ 0.3 s)  ${verdict(serve - node <= 0.3)}`)
out(`browser mode, 1.5 GB − empty:   ${fmt(serve - median(serveEmpty))} s  (what the file's size adds)`)
out(`lab list − Node's own:          ${fmt(cli - node)} s  (target ≤ 0.3 s; includes printing 10,000 rows)  ${verdict(cli - node <= 0.3)}`)
