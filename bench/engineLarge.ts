/**
 * The engine benchmark's large problem (issue 14): inputs 1000, outputs 50, batch 128 — where the
 * matrix products dominate and an optimised BLAS is at its best. Our fused path (train() in a child
 * process on core 0) against the lean PyTorch loop on core 1 at the same time, once in float32 and
 * once in float64; CPU seconds of each model's training (process.cpuUsage / time.process_time), so
 * start-up is not counted on either side. Target: ours ≤ 1.5 × PyTorch float32.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ExperimentSpec } from '@shared/domain'
import { generateConfig, generateData } from '../src-main/training/problems'
import { resolvePath } from '../src-main/training/path'
import { train } from '../src-main/training/trainer/train'

export const LARGE_IN = 1000
export const LARGE_OUT = 50

export const LARGE = ExperimentSpec.parse({
  name: 'engine bench: large',
  problem: {
    kind: 'mystery',
    inDim: LARGE_IN,
    outDim: LARGE_OUT,
    ops: ['add', 'sub', 'mul'],
    train: { size: 2560, range: { lo: -10, hi: 10 } },
    interp: { size: 1280, range: { lo: -10, hi: 10 } },
    extrap: { size: 1280, range: { lo: -50, hi: 50 } }
  },
  models: [{ units: [{ kind: 'vanilla' }] }, { units: [{ kind: 'nac' }] }, { units: [{ kind: 'nalu', variant: 'article' }] }],
  training: { epochs: 8, batchSize: 128, optimizer: { kind: 'adam', lr: 0.001 } },
  seeds: [0]
})

export interface LargeTimes {
  /** per model: CPU seconds of its training */
  models: Record<string, { cpu: number; trainMse: number }>
  backend: string
}

/**
 * The child: each model trained for E and for 2E epochs in this process; the difference of their
 * CPU seconds is E epochs of training alone (generating the data, the thresholds and the model's
 * set-up cancel out), as lean.py times its training loop alone.
 */
export async function largeChild(): Promise<void> {
  const config = generateConfig(LARGE.problem, 0)
  const out: LargeTimes = { models: {}, backend: '' }
  const cpuOf = async (modelSpec: (typeof LARGE.models)[number], epochs: number) => {
    const spec = { ...LARGE, training: { ...LARGE.training, epochs } }
    const c = process.cpuUsage()
    const r = await train({ spec, modelSpec, seed: 0, config })
    const u = process.cpuUsage(c)
    out.backend = r.env.backend
    return { cpu: (u.user + u.system) / 1e6, trainMse: r.final?.trainMse ?? NaN }
  }
  const E = LARGE.training.epochs
  // what happens once a process (the thresholds' Monte Carlo, compiling the kernels, the JIT) before any timing
  await cpuOf(LARGE.models[0], 1)
  for (const modelSpec of LARGE.models) {
    const once = await cpuOf(modelSpec, E)
    const twice = await cpuOf(modelSpec, 2 * E)
    out.models[modelSpec.units[0].kind] = { cpu: twice.cpu - once.cpu, trainMse: once.trainMse }
  }
  process.stdout.write(JSON.stringify(out))
}

/** The large data for lean.py (prefix `large-`) and its two meta files, float32 and float64. */
export function exportLarge(dir: string): { f32: string; f64: string } {
  const data = generateData(LARGE.problem, generateConfig(LARGE.problem, 0), 0)
  for (const s of ['train', 'interp', 'extrap'] as const) {
    writeFileSync(join(dir, `large-${s}-x.bin`), Buffer.from(data[s].x.buffer))
    writeFileSync(join(dir, `large-${s}-y.bin`), Buffer.from(data[s].y.buffer))
  }
  const meta = (dtype: string) => ({
    prefix: 'large-',
    dtype,
    train: data.train.n,
    interp: data.interp.n,
    extrap: data.extrap.n,
    inDim: data.train.inDim,
    outDim: data.train.outDim,
    batchSize: LARGE.training.batchSize,
    lr: 0.001,
    epochs: LARGE.training.epochs
  })
  writeFileSync(join(dir, 'meta-large-f32.json'), JSON.stringify(meta('float32')))
  writeFileSync(join(dir, 'meta-large-f64.json'), JSON.stringify(meta('float64')))
  return { f32: 'meta-large-f32.json', f64: 'meta-large-f64.json' }
}

/** Which path `auto` takes for the large problem, and why, as the engine decides it. */
export function autoChoice(): string {
  const chosen = resolvePath(LARGE.training)
  if ('error' in chosen) return chosen.error
  return `${chosen.path} (Float64 WebAssembly SIMD): the engine has no Float32 path yet, so auto has nothing else to pick at this size; tfjs-node, which could be faster here, cannot be installed on this machine`
}
