/**
 * Engine benchmark (issue 3): `npm run bench:engine`. Times the whole `article` preset (3 models ×
 * 250 epochs, evaluation every epoch) three ways, each as a whole process, in the same run:
 *   ours   — the CLI, `node --import ./tools/source.mjs src-main/cli/index.ts run --preset article` (the fused
 *            path, one training process per core);
 *   tfjs   — the same three runs on the tfjs autodiff path with the wasm backend, one process;
 *   torch  — a lean PyTorch loop on the same data, where Debian's python3-torch is installed.
 * Prints the times and the ratios; the target is ours < ½ × the lean PyTorch loop.
 * BENCH_REPEAT (default 3) rounds of ours and torch, interleaved, fastest kept; BENCH_TFJS=0 skips tfjs.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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

/** Wall time of a whole process, from spawn to exit, and its stdout. */
function timed(cmd: string, args: string[]): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t = performance.now()
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0
        ? resolve({ seconds: (performance.now() - t) / 1000, stdout })
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

const fmt = (s: number) => `${s.toFixed(2)} s`
const best = (xs: number[]) => Math.min(...xs)

async function main(): Promise<void> {
  const repeat = Number(process.env.BENCH_REPEAT ?? 3)
  const dir = mkdtempSync(join(tmpdir(), 'nalu-bench-engine-'))
  try {
    out(`Engine benchmark: the article preset, ${preset!.spec.models.length} models × ${preset!.spec.training.epochs} epochs, seed ${seed}`)
    out(`${repeat} rounds of ours then PyTorch, interleaved so both see the same machine load; fastest of each kept`)
    const py = python()
    if (py) exportData(dir)
    const ours: number[] = []
    const torchTimes: number[] = []
    let runs: { model: string; trainMse: number; seconds: number; backend: string }[] = []
    let info: { torch: string; threads: number; models: Record<string, { seconds: number; trainMse: number }> } | null = null
    for (let i = 0; i < repeat; i++) {
      const r = await timed('node', [
        '--import',
        './tools/source.mjs',
        'src-main/cli/index.ts',
        'run',
        '--preset',
        'article',
        '--db',
        join(dir, `lab-${i}.db`),
        '--json'
      ])
      ours.push(r.seconds)
      runs = JSON.parse(r.stdout) as typeof runs
      if (py) {
        const t = await timed(py, [join(dir, 'lean.py'), dir])
        torchTimes.push(t.seconds)
        info = JSON.parse(t.stdout)
      }
    }
    out(`  ours  (CLI, whole process, fused path)     ${fmt(best(ours))}   [${ours.map(fmt).join(', ')}]`)
    for (const r of runs)
      out(`          ${r.model.padEnd(14)} ${fmt(r.seconds)} in its process, ${r.backend}, final train MSE ${r.trainMse.toFixed(1)}`)
    const torch = py ? best(torchTimes) : null
    if (py) {
      out(
        `  torch (lean loop, whole process)           ${fmt(best(torchTimes))}   [${torchTimes.map(fmt).join(', ')}] PyTorch ${info?.torch}, ${info?.threads} thread(s)`
      )
      for (const [k, v] of Object.entries(info?.models ?? {}))
        out(`          ${k.padEnd(14)} ${fmt(v.seconds)} training, final train MSE ${v.trainMse.toFixed(1)}`)
    } else {
      out('  torch: python3 with torch not found (apt-get install python3-torch) — skipped')
    }

    let tfjs: number | null = null
    if (process.env.BENCH_TFJS !== '0') {
      const r = await timed('node', ['--import', './tools/source.mjs', 'bench/engine.ts', '--tfjs-child'])
      tfjs = r.seconds
      const m = (JSON.parse(r.stdout) as { models: Record<string, { seconds: number; trainMse: number; backend: string }> }).models
      out(
        `  tfjs  (autodiff path, whole process, once) ${fmt(tfjs)}   backend ${Object.values(m)[0]?.backend}: ${Object.entries(m)
          .map(([k, v]) => `${k} ${fmt(v.seconds)}`)
          .join(', ')}`
      )
    }

    out('')
    if (torch !== null)
      out(`  ours / torch = ${(best(ours) / torch).toFixed(2)}   (target < 0.50: ${best(ours) / torch < 0.5 ? 'met' : 'NOT met'})`)
    if (tfjs !== null) out(`  ours / tfjs-wasm = ${(best(ours) / tfjs).toFixed(2)}`)
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
