/**
 * Start-up on a big database (issue 14): `node --import ./tools/source.mjs bench/ui-start.ts --db PATH`
 * (a ~1.5 GB store: `--generate` writes 10,000 runs × 620 epochs × 10 outputs to PATH first).
 * Each start-up is timed as a whole process, `--reps` times, interleaved with `node -e 0` (Node's
 * own start) in the same rounds; what counts is the median over rounds of (command − Node's own):
 *  - `lab list` (the newest 100 runs, its default) and `lab summary --experiment 1`: the compiled
 *    CLI, out/main/lab.js (a copy, built first), which `npm run lab` runs after npm's own start and a build check
 *    (scripts/lab.mjs; not timed here: others' edits would make it build mid-bench);
 *    `lab list --all` prints all 10,000 rows, which is printing, not start-up;
 *  - browser mode (out/main/serve.js) until it prints its address.
 * Then, for the record: opening the store in this process (the bounded check, quick and full), the
 * full check on demand, an empty store, and the first starts after a `kill -9` (browser mode runs
 * the full check it owes on a thread once it serves, a CLI command before it opens the file).
 * Target: each start-up within 0.3 s of Node's own start.
 */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { openStore } from '../src-main/store'
import { generate } from './storeGenerate'
import { fmt, verdict } from './uiClient'

const ROOT = join(import.meta.dirname, '..')
// A copy of the build, made current first (scripts/lab.mjs builds when stale): a build started
// by someone else's command mid-bench would otherwise swap chunks under the running processes.
const SNAPSHOT = join(ROOT, 'out', `.bench-start-${process.pid}`)
const LAB = join(SNAPSHOT, 'main/lab.js')
const SERVE = join(SNAPSHOT, 'main/serve.js')
const { values } = parseArgs({ options: { db: { type: 'string' }, generate: { type: 'boolean' }, reps: { type: 'string', default: '7' } } })
if (!values.db) throw new Error('--db PATH is required')
const DB = values.db
const REPS = Number(values.reps)
const TARGET = 0.3
const out = (line = ''): void => void process.stdout.write(`${line}\n`)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')

if (values.generate) {
  openStore(DB).close()
  generate(DB, { runs: 10_000, epochs: 620, outputs: 10 })
}
const built = spawnSync(process.execPath, [join(ROOT, 'scripts/lab.mjs'), '--help'], { cwd: ROOT, stdio: 'ignore' })
if (built.status !== 0) throw new Error('building out/main failed: run `npm run lab -- --help` to see why')
cpSync(join(ROOT, 'out/main'), join(SNAPSHOT, 'main'), { recursive: true })
process.on('exit', () => rmSync(SNAPSHOT, { recursive: true, force: true }))
out(`${DB}: ${(statSync(DB).size / 2 ** 30).toFixed(2)} GiB; load average at the start ${load()} (${REPS} rounds)`)

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

/**
 * With `cpu`, the process also reports its own CPU time (user + system) as it exits, on fd 3: on a
 * loaded machine the wall time mostly measures waiting for a core, the CPU time what the start costs.
 */
const CPU_AT_EXIT = `--import=data:text/javascript,${encodeURIComponent(
  "import{writeSync}from'node:fs';process.on('exit',()=>{const u=process.cpuUsage();writeSync(3,String((u.user+u.system)/1e6))})"
)}`

interface Timed {
  wall: number
  cpu: number
}

function timeProcess(args: string[], env: NodeJS.ProcessEnv = {}, cpu = false): Timed {
  const t = performance.now()
  const r = spawnSync(process.execPath, cpu ? [CPU_AT_EXIT, ...args] : args, {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env }
  })
  const wall = (performance.now() - t) / 1000
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${r.stderr.toString().slice(-500)}`)
  return { wall, cpu: Number(r.output[3]?.toString() || NaN) }
}

/**
 * Browser mode from spawn to its address line (its CPU time includes closing); `kill9` leaves it
 * killed with the file open.
 */
async function timeServe(env: NodeJS.ProcessEnv = {}, kill9 = false, db = DB, cpu = false): Promise<Timed> {
  const t = performance.now()
  const args = [SERVE, '--port', '0', '--db', db]
  const child = spawn(process.execPath, cpu ? [CPU_AT_EXIT, ...args] : args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env }
  })
  let cpuText = ''
  child.stdio[3]?.on('data', (d: Buffer) => (cpuText += d.toString()))
  const exited = new Promise<number | null>((r) => child.once('close', (code) => r(code)))
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve)
    void exited.then((code) => reject(new Error(`serve exited with ${code}`)))
  })
  const wall = (performance.now() - t) / 1000
  if (!line.startsWith('NALU Lab at')) throw new Error(`unexpected line from serve: ${line}`)
  child.kill(kill9 ? 'SIGKILL' : 'SIGTERM')
  const code = await exited
  if (!kill9 && code !== 0) throw new Error(`serve did not close cleanly (exit ${code}): the next start would run the full check`)
  return { wall, cpu: Number(cpuText || NaN) }
}

/** The start-ups measured against Node's own, one of each per round. */
const starts: { label: string; time: (cpu: boolean) => Timed | Promise<Timed> }[] = [
  { label: 'lab list (newest 100 of 10,000)', time: (cpu) => timeProcess([LAB, 'list', '--db', DB], {}, cpu) },
  { label: 'lab summary --experiment 1', time: (cpu) => timeProcess([LAB, 'summary', '--experiment', '1', '--db', DB], {}, cpu) },
  { label: 'browser mode until its address', time: (cpu) => timeServe({}, false, DB, cpu) }
]
const wall = (ts: Timed[]): number[] => ts.map((t) => t.wall)

timeOpen({}) // warm the page cache: every timing below reads a file the OS has in memory
timeProcess([LAB, 'list', '--db', DB]) // and the compiled chunks
// each round: Node's own start, then every start-up; once for the wall time, once for the CPU time
const node = { wall: [] as number[], cpu: [] as number[] }
const times = starts.map(() => ({ wall: [] as number[], cpu: [] as number[] }))
for (let r = 0; r < REPS; r++) {
  for (const cpu of [false, true]) {
    const key = cpu ? 'cpu' : 'wall'
    node[key].push(timeProcess(['-e', '0'], {}, cpu)[key])
    for (const [i, s] of starts.entries()) times[i][key].push((await s.time(cpu))[key])
  }
}
const overNode = (key: 'wall' | 'cpu') => times.map((ts) => median(ts[key].map((t, r) => t - node[key][r])))
const [wallOver, cpuOver] = [overNode('wall'), overNode('cpu')]

const listAll = median(wall(Array.from({ length: 3 }, () => timeProcess([LAB, 'list', '--all', '--db', DB]))))
const openDefault = median(Array.from({ length: REPS }, () => timeOpen({})))
const openQuick = median(Array.from({ length: 2 }, () => timeOpen({ NALU_LAB_CHECK: 'quick' })))
const openFull = median(Array.from({ length: 2 }, () => timeOpen({ NALU_LAB_CHECK: 'full' })))
const cliFull = timeProcess([LAB, 'list', '--db', DB], { NALU_LAB_CHECK: 'full' }).wall
const serveFull = (await timeServe({ NALU_LAB_CHECK: 'full' })).wall
// the same on an empty store: what start-up costs whatever the file's size
const emptyDir = mkdtempSync(join(tmpdir(), 'nalu-bench-start-'))
const EMPTY = join(emptyDir, 'empty.db')
openStore(EMPTY).close()
const cliEmpty = median(wall(Array.from({ length: 3 }, () => timeProcess([LAB, 'list', '--db', EMPTY]))))
const serveEmpty: Timed[] = []
for (let i = 0; i < 3; i++) serveEmpty.push(await timeServe({}, false, EMPTY))
rmSync(emptyDir, { recursive: true, force: true })
await timeServe({}, true)
// browser mode defers the owed full check to a thread (stopped here with it), a CLI command pays it
const afterCrash = (await timeServe()).wall
const cliAfterCrash = timeProcess([LAB, 'list', '--db', DB]).wall
const again = (await timeServe()).wall

const range = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`
out(`Node's own start (node -e 0):  wall ${fmt(median(node.wall))} s (${range(node.wall)}), CPU ${fmt(median(node.cpu))} s`)
out()
out(`start-up, median of the rounds          wall   − Node's own   CPU − Node's own   target`)
for (const [i, s] of starts.entries()) {
  const line = `${s.label.padEnd(38)} ${fmt(median(times[i].wall))} s   ${fmt(wallOver[i])} s         ${fmt(cpuOver[i])} s`
  out(`${line}            ≤ ${TARGET} s  wall ${verdict(wallOver[i] <= TARGET)}, CPU ${verdict(cpuOver[i] <= TARGET)}`)
}
out()
out(`lab list --all (prints 10,000 rows):     ${fmt(listAll)} s`)
out(
  `open in-process, default (bounded):      ${fmt(openDefault, 3)} s   quick_check: ${fmt(openQuick)} s   integrity_check: ${fmt(openFull)} s`
)
out(`on demand (NALU_LAB_CHECK=full):         lab list ${fmt(cliFull)} s   browser mode ${fmt(serveFull)} s`)
out(`on an empty store:                       lab list ${fmt(cliEmpty)} s   browser mode ${fmt(median(wall(serveEmpty)))} s`)
out(
  `after a kill -9:                         browser mode ${fmt(afterCrash)} s (full check in the background), then lab list ` +
    `${fmt(cliAfterCrash)} s (full check first), then browser mode ${fmt(again)} s`
)
out(`load average at the end: ${load()}`)
