/**
 * Iterations benchmark (issue 9): `npm run bench:iterations`. Madsen & Johansen's protocol — a fresh
 * batch of 128 every iteration, the 10,000-row interpolation and extrapolation sets evaluated every
 * 1,000 iterations — for NAU (+), NMU (×) and NALU (×), each measured two ways in the same run, one
 * core each (taskset), at the same time so both see the same machine load:
 *   ours  — train() of the preset's model in a child process pinned to core 0 (the fused path), bundled
 *           as the app's build is (bench/compiled.ts, bench/iterationsChild.ts);
 *   torch — a lean one-thread PyTorch loop of the same model (bench/iterationsPytorch.ts) on core 1.
 * Prints iterations per CPU-second of each process (per core; wall-clock rates alongside, which other
 * work on a shared machine lowers), the ratio to the lean loop and to the official code's rate on this
 * kind of machine (issue 9: 2.2k NAU +, 1.9k NMU ×, 1.3k NALU ×; targets ≥ 20×, 20×, 10×), and the
 * projected time of the paper's main table (NAU +, NAU −, NMU ×; 100 seeds × 5·10⁶ iterations) on two cores.
 * BENCH_REPEAT rounds (default 2), fastest kept; BENCH_ITERATIONS scales the runs (default 20,000).
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { compiledChild } from './compiled'
import { CASES } from './iterationsCases'
import { LEAN_ITERATIONS } from './iterationsPytorch'

const ROOT = join(import.meta.dirname, '..')
const out = (line = ''): void => void process.stdout.write(`${line}\n`)

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    p.on('error', reject)
    p.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))))
  })
}

function hasTorch(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const k = (v: number) => `${(v / 1000).toFixed(1)}k`
const hours = (nau: number, nmu: number) => (100 * 5e6 * (2 / nau + 1 / nmu)) / 2 / 3600

async function main(): Promise<void> {
  const repeat = Number(process.env.BENCH_REPEAT ?? 2)
  const base = Number(process.env.BENCH_ITERATIONS ?? 20_000)
  const torch = hasTorch()
  const dir = mkdtempSync(join(tmpdir(), 'nalu-bench-iterations-'))
  writeFileSync(join(dir, 'lean.py'), LEAN_ITERATIONS)
  // our child compiled as the app's engine is: from source, the loader would slow every typed-array access (bench/compiled.ts)
  const oursChild = await compiledChild('bench/iterationsChild.ts', 'iterationsChild')
  const ours: Record<string, number> = {}
  const lean: Record<string, number> = {}
  const oursWall: Record<string, number> = {}
  const leanWall: Record<string, number> = {}
  let backend = ''
  let torchVersion = ''
  try {
    out(`Iterations benchmark: fresh batch of 128 per iteration, 10,000-row sets evaluated every 1,000 iterations`)
    out(`${repeat} round(s); ours on core 0 and lean PyTorch on core 1 at the same time; fastest kept`)
    for (let i = 0; i < repeat; i++) {
      for (const c of CASES) {
        const n = Math.round(base * c.share)
        const jobs: Promise<void>[] = [
          run('taskset', ['-c', '0', process.execPath, oursChild, c.name, String(n)]).then((s) => {
            const r = JSON.parse(s) as { itps: number; wallItps: number; backend: string }
            ours[c.name] = Math.max(ours[c.name] ?? 0, r.itps)
            oursWall[c.name] = Math.max(oursWall[c.name] ?? 0, r.wallItps)
            backend = r.backend
          })
        ]
        if (torch) {
          jobs.push(
            run('taskset', [
              '-c',
              '1',
              '/usr/bin/python3',
              join(dir, 'lean.py'),
              c.name,
              c.preset.slice('arithmetic-'.length),
              String(Math.round(n / 4))
            ]).then((s) => {
              const r = JSON.parse(s) as { itps: number; wallItps: number; torch: string }
              lean[c.name] = Math.max(lean[c.name] ?? 0, r.itps)
              leanWall[c.name] = Math.max(leanWall[c.name] ?? 0, r.wallItps)
              torchVersion = r.torch
            })
          )
        }
        await Promise.all(jobs)
      }
    }
    out('')
    out(`iterations per CPU-second (wall-clock rate in brackets)`)
    out(`model       ours (${backend})   lean torch ${torchVersion || '(not installed)'}   ours/torch   ours/official (target)`)
    for (const c of CASES) {
      const t = lean[c.name]
      const vsOfficial = ours[c.name] / c.official
      out(
        `${c.title.padEnd(10)}  ${k(ours[c.name]).padStart(7)} [${k(oursWall[c.name])}]    ${t ? `${k(t).padStart(7)} [${k(leanWall[c.name])}]` : '       —     '}         ${t ? `${(ours[c.name] / t).toFixed(1).padStart(5)}×` : '   — '}      ${vsOfficial.toFixed(1).padStart(5)}× of ${k(c.official)} (≥ ${c.target}×: ${vsOfficial >= c.target ? 'met' : 'NOT met'})`
      )
    }
    out('')
    out(`The paper's main table (NAU +, NAU −, NMU ×; 100 seeds × 5·10⁶ iterations) on two cores:`)
    out(`  ours           ${hours(ours.nau, ours.nmu).toFixed(1)} h`)
    if (lean.nau && lean.nmu) out(`  lean torch     ${hours(lean.nau, lean.nmu).toFixed(1)} h`)
    out(`  official code  ${hours(2200, 1900).toFixed(1)} h (at the issue's 2.2k / 1.9k it/s)`)
    out(
      `  load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (other work on the machine slows every contender)`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
