/**
 * Engine benchmark (issues 3 and 14): `npm run bench:engine`. Times the whole `article` preset (3
 * models × 250 epochs, evaluation every epoch) as whole processes, one core each (taskset), in the
 * same run and at the same time, so both see the same machine load:
 *   ours   — the CLI, `node --import ./tools/source.mjs src-main/cli/index.ts run --preset article` (the fused
 *            path; its training processes all on core 0);
 *   torch  — a lean one-thread PyTorch loop on the same data (core 1), where Debian's python3-torch is
 *            installed; it prints the BLAS it loaded (`apt-get install libopenblas0-pthread` gives OpenBLAS);
 *   tfjs   — the same three runs on the tfjs autodiff path with the wasm backend, one process, once.
 * Prints CPU seconds of each process tree (what a shared machine's other work inflates least) with
 * wall seconds beside, and the ratio; the target (issue 14) is ours ≤ 0.33 × PyTorch with OpenBLAS.
 * BENCH_REPEAT (default 3) rounds, fastest of each kept; BENCH_TFJS=0 skips tfjs.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { findPreset } from '../src-main/training/presets'
import { generateConfig, generateData } from '../src-main/training/problems'
import { train } from '../src-main/training/trainer/train'
import { LEAN_LOOP } from './enginePytorch'

const ROOT = join(import.meta.dirname, '..')
const preset = findPreset('article')
if (!preset) throw new Error('no article preset')
const seed = preset.spec.seeds[0]
const out = (line = ''): void => void process.stdout.write(`${line}\n`)

/** The tfjs-wasm contender, run by this file in a child process: the three runs one after another. */
async function tfjsChild(): Promise<void> {
  const spec = { ...preset!.spec, training: { ...preset!.spec.training, path: 'tfjs' as const, backend: 'wasm' as const } }
  const config = generateConfig(spec.problem, seed)
  const models: Record<string, { seconds: number; trainMse: number | null; backend: string }> = {}
  for (const modelSpec of spec.models) {
    const t = performance.now()
    const r = await train({ spec, modelSpec, seed, config })
    models[modelSpec.units[0].kind] = {
      seconds: (performance.now() - t) / 1000,
      trainMse: r.final?.trainMse ?? null,
      backend: r.env.backend
    }
  }
  process.stdout.write(JSON.stringify({ models }))
}

/** Runs a command and writes the CPU seconds of it and its waited-for descendants (wait4's rusage) to a file. */
const RUSAGE = String.raw`
import json, os, subprocess, sys
p = subprocess.Popen(sys.argv[2:])
_, status, ru = os.wait4(p.pid, 0)
json.dump({'cpu': ru.ru_utime + ru.ru_stime}, open(sys.argv[1], 'w'))
sys.exit(os.waitstatus_to_exitcode(status))
`

interface Timing {
  /** CPU seconds of the process tree */
  cpu: number
  /** wall seconds from spawn to exit */
  seconds: number
  stdout: string
}

/** A whole process pinned to `core`: its CPU and wall time, and its stdout. */
function timed(dir: string, core: number, cmd: string, args: string[]): Promise<Timing> {
  const report = join(dir, `rusage-${core}.json`)
  return new Promise((resolve, reject) => {
    const t = performance.now()
    const child = spawn('/usr/bin/python3', [join(dir, 'rusage.py'), report, 'taskset', '-c', String(core), cmd, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0
        ? resolve({
            seconds: (performance.now() - t) / 1000,
            cpu: (JSON.parse(readFileSync(report, 'utf8')) as { cpu: number }).cpu,
            stdout
          })
        : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))
    )
  })
}

function python(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(py, ['-c', 'import torch'], { stdio: 'ignore' })
      return py
    } catch {
      // not this one
    }
  }
  return null
}

/** The article data of the benchmark's seed as raw little-endian Float64 files for PyTorch. */
function exportData(dir: string): void {
  const { problem, training } = preset!.spec
  const data = generateData(problem, generateConfig(problem, seed), seed)
  for (const s of ['train', 'interp', 'extrap'] as const) {
    writeFileSync(join(dir, `${s}-x.bin`), Buffer.from(data[s].x.buffer))
    writeFileSync(join(dir, `${s}-y.bin`), Buffer.from(data[s].y.buffer))
  }
  const meta = {
    train: data.train.n,
    interp: data.interp.n,
    extrap: data.extrap.n,
    inDim: data.train.inDim,
    outDim: data.train.outDim,
    batchSize: training.batchSize,
    lr: 0.001,
    epochs: training.epochs
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta))
  writeFileSync(join(dir, 'lean.py'), LEAN_LOOP)
}

/** what lean.py prints: the PyTorch build and its per-model timings */
interface TorchInfo {
  torch: string
  threads: number
  blas: string[]
  models: Record<string, { seconds: number; trainMse: number }>
}

const fmt = (s: number) => `${s.toFixed(2)} s`
const best = (xs: number[]) => Math.min(...xs)
const cpuWall = (xs: Timing[]) => `[${xs.map((x) => `${x.cpu.toFixed(2)} (${x.seconds.toFixed(2)})`).join(', ')}]`

async function main(): Promise<void> {
  const repeat = Number(process.env.BENCH_REPEAT ?? 3)
  const dir = mkdtempSync(join(tmpdir(), 'nalu-bench-engine-'))
  try {
    out(`Engine benchmark: the article preset, ${preset!.spec.models.length} models × ${preset!.spec.training.epochs} epochs, seed ${seed}`)
    out(`${repeat} rounds; ours on core 0 and PyTorch on core 1 at the same time; fastest of each kept`)
    const py = python()
    if (py) exportData(dir)
    writeFileSync(join(dir, 'rusage.py'), RUSAGE)
    const ours: Timing[] = []
    const torchTimes: Timing[] = []
    let runs: { model: string; trainMse: number; seconds: number; backend: string }[] = []
    let info: TorchInfo | null = null
    for (let i = 0; i < repeat; i++) {
      const jobs: Promise<void>[] = [
        timed(dir, 0, process.execPath, [
          '--import',
          './tools/source.mjs',
          'src-main/cli/index.ts',
          'run',
          '--preset',
          'article',
          '--db',
          join(dir, `lab-${i}.db`),
          '--json'
        ]).then((r) => {
          ours.push(r)
          runs = JSON.parse(r.stdout) as typeof runs
        })
      ]
      if (py)
        jobs.push(
          timed(dir, 1, py, [join(dir, 'lean.py'), dir]).then((t) => {
            torchTimes.push(t)
            info = JSON.parse(t.stdout) as TorchInfo
          })
        )
      await Promise.all(jobs)
    }
    const oursCpu = best(ours.map((r) => r.cpu))
    out('CPU seconds of each whole process (wall seconds in brackets)')
    out(`  ours  (CLI, fused path, core 0)   ${fmt(oursCpu)}   ${cpuWall(ours)}`)
    for (const r of runs)
      out(`          ${r.model.padEnd(14)} ${fmt(r.seconds)} wall in its process, ${r.backend}, final train MSE ${r.trainMse.toFixed(1)}`)
    const torch = py ? best(torchTimes.map((t) => t.cpu)) : null
    const torchInfo = info as TorchInfo | null
    if (py && torch !== null) {
      out(
        `  torch (lean loop, core 1)         ${fmt(torch)}   ${cpuWall(torchTimes)} PyTorch ${torchInfo?.torch}, ${torchInfo?.threads} thread(s)`
      )
      const blas = torchInfo?.blas ?? []
      out(
        `          BLAS loaded: ${blas.length ? blas.join(', ') : 'none found in its memory map'}${blas.some((b) => /openblas/i.test(b)) ? '' : '  (not OpenBLAS: apt-get install libopenblas0-pthread)'}`
      )
      for (const [k, v] of Object.entries(torchInfo?.models ?? {}))
        out(`          ${k.padEnd(14)} ${fmt(v.seconds)} training, final train MSE ${v.trainMse.toFixed(1)}`)
    } else {
      out('  torch: python3 with torch not found (apt-get install python3-torch) — skipped')
    }

    let tfjs: number | null = null
    if (process.env.BENCH_TFJS !== '0') {
      const r = await timed(dir, 0, process.execPath, ['--import', './tools/source.mjs', 'bench/engine.ts', '--tfjs-child'])
      tfjs = r.cpu
      const m = (JSON.parse(r.stdout) as { models: Record<string, { seconds: number; trainMse: number; backend: string }> }).models
      out(
        `  tfjs  (autodiff path, core 0, once) ${fmt(tfjs)}   backend ${Object.values(m)[0]?.backend}: ${Object.entries(m)
          .map(([k, v]) => `${k} ${fmt(v.seconds)}`)
          .join(', ')}`
      )
    }

    out('')
    if (torch !== null)
      out(
        `  ours / torch = ${(oursCpu / torch).toFixed(2)} in CPU seconds   (target ≤ 0.33: ${oursCpu / torch <= 0.33 ? 'met' : 'NOT met'})`
      )
    if (tfjs !== null) out(`  ours / tfjs-wasm = ${(oursCpu / tfjs).toFixed(2)}`)
    if (tfjs !== null && torch !== null) out(`  tfjs-wasm / torch = ${(tfjs / torch).toFixed(2)}`)
    out(
      `  load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${availableParallelism()} cores (other work on the machine slows every contender)`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv.includes('--tfjs-child')) await tfjsChild()
else await main()
