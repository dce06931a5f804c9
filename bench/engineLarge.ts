/**
 * The engine benchmark's large problem (issue 14): inputs 1000, outputs 50, batch 128 — where the
 * matrix products dominate and an optimised BLAS is at its best. Our fused path (train() in a child
 * process on one core) against the lean PyTorch loop on the other at the same time: our Float32 path
 * (precision 'float32') beside PyTorch float32, our Float64 path beside PyTorch float64; CPU seconds
 * of E epochs of each model's training, E × the median epoch (process.cpuUsage / time.process_time
 * at each epoch's end), so start-up is not counted on either side. Target: ours float32 ≤ 1.5 × PyTorch float32. Run by bench/engine.ts
 * (`BENCH_ARTICLE=0 npm run bench:engine` runs this part alone).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ExperimentSpec } from '@shared/domain'
import { median } from '@shared/stats/quantiles'
import { generateConfig, generateData } from '../src-main/training/problems'
import { resolvePrecision } from '../src-main/training/kernels/float32'
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

export type LargeDtype = 'f32' | 'f64'

export interface LargeTimes {
  /** per model: CPU seconds of E epochs of its training, and its losses after E epochs (the accuracy of the precision) */
  models: Record<string, { cpu: number; trainMse: number; interpMse: number; extrapMse: number }>
  backend: string
}

/** Epochs each side trains per run: the first is not timed (set-up, a fresh process's first steps), the other 15 are, one by one. */
export const TIMED_EPOCHS = 2 * LARGE.training.epochs

/**
 * The child: each model trained for TIMED_EPOCHS epochs, twice, in this process, with the process's
 * CPU time taken at every epoch's end (train's onEpoch); its time for E epochs is E × the median
 * epoch after the first (lean.py's is taken the same way). The difference of a 2E- and an E-epoch
 * run, used before, was the difference of two noisy minima: on this machine it came out below what
 * the products alone take, or 40 % over. The losses reported are those after E epochs.
 */
export async function largeChild(dtype: LargeDtype): Promise<void> {
  const config = generateConfig(LARGE.problem, 0)
  const out: LargeTimes = { models: {}, backend: '' }
  const precision: 'float32' | 'float64' = dtype === 'f32' ? 'float32' : 'float64'
  const E = LARGE.training.epochs
  const epochsOf = async (modelSpec: (typeof LARGE.models)[number], epochs: number) => {
    const spec = { ...LARGE, training: { ...LARGE.training, epochs, precision } }
    const marks: number[] = []
    let atE = { trainMse: NaN, interpMse: NaN, extrapMse: NaN }
    const r = await train(
      { spec, modelSpec, seed: 0, config },
      {
        onEpoch(m) {
          const u = process.cpuUsage()
          marks.push((u.user + u.system) / 1e6)
          if (m.epoch === E) atE = { trainMse: m.trainMse, interpMse: m.interpMse, extrapMse: m.extrapMse }
        }
      }
    )
    out.backend = r.env.backend
    return { epochCpu: marks.slice(1).map((t, i) => t - marks[i]), ...atE }
  }
  // what happens once a process (the thresholds' Monte Carlo, compiling the kernels, the JIT) before any timing
  await epochsOf(LARGE.models[0], 1)
  for (const modelSpec of LARGE.models) {
    const a = await epochsOf(modelSpec, TIMED_EPOCHS)
    const b = await epochsOf(modelSpec, TIMED_EPOCHS)
    out.models[modelSpec.units[0].kind] = {
      cpu: E * median([...a.epochCpu, ...b.epochCpu]),
      trainMse: a.trainMse,
      interpMse: a.interpMse,
      extrapMse: a.extrapMse
    }
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
    epochs: TIMED_EPOCHS,
    shuffle: LARGE.training.shuffle,
    dropLast: LARGE.training.dropLast
  })
  writeFileSync(join(dir, 'meta-large-f32.json'), JSON.stringify(meta('float32')))
  writeFileSync(join(dir, 'meta-large-f64.json'), JSON.stringify(meta('float64')))
  return { f32: 'meta-large-f32.json', f64: 'meta-large-f64.json' }
}

/** Which path and precision `auto` takes for the large problem, and why, as the engine decides it. */
export function autoChoice(): string {
  const training = { ...LARGE.training, precision: 'auto' as const }
  const chosen = resolvePath(training)
  if ('error' in chosen) return chosen.error
  const p = resolvePrecision(training, LARGE.models[0], LARGE_IN, LARGE_OUT)
  return `path ${chosen.path}, precision ${p.precision} (${p.why}); tfjs (float32 too) is 3–4× slower than the fused path here, and tfjs-node cannot be installed on this machine`
}

/** Seconds as the engine bench prints them. */
export const seconds = (s: number): string => `${s.toFixed(2)} s`

/** Each round's float32 times, ours and PyTorch's, measured at the same time (on swapped cores from one round to the next). */
export interface LargeRounds {
  ours: LargeTimes['models'][]
  torch: Record<string, { cpu: number }>[]
}

/**
 * The report's lines: per model ours against PyTorch in the same precision, and the ratios against
 * the target; with `rounds`, each round's own float32 ratio too, so a reader sees how far one run moves.
 */
export function largeLines(
  ours: Record<LargeDtype, LargeTimes>,
  torch: Record<LargeDtype, Record<string, { cpu: number }>>,
  rounds?: LargeRounds
): string[] {
  const lines = [
    `  large problem (${LARGE_IN} inputs, ${LARGE_OUT} outputs, batch ${LARGE.training.batchSize}, ${LARGE.training.epochs} epochs of ${LARGE.problem.train.size} rows), training CPU seconds (${LARGE.training.epochs} × the median epoch of ${TIMED_EPOCHS - 1} timed), ours ${ours.f32.backend} and ${ours.f64.backend}:`
  ]
  for (const model of Object.keys(ours.f32.models)) {
    const key = model === 'nalu' ? 'nalu(article)' : model
    const o32 = ours.f32.models[model],
      o64 = ours.f64.models[model]
    const t32 = torch.f32[key]?.cpu,
      t64 = torch.f64[key]?.cpu
    if (!o64 || t32 === undefined || t64 === undefined) continue
    const r = o32.cpu / t32
    lines.push(
      `    ${model.padEnd(8)} ours f32 ${seconds(o32.cpu)} torch f32 ${seconds(t32)}  ours f64 ${seconds(o64.cpu)} torch f64 ${seconds(t64)}   ours-f32 / torch-f32 = ${r.toFixed(2)} (target ≤ 1.5: ${r <= 1.5 ? 'met' : 'NOT met'}), ours-f64 / torch-f64 = ${(o64.cpu / t64).toFixed(2)}, ours-f64 / ours-f32 = ${(o64.cpu / o32.cpu).toFixed(2)}`
    )
    if (rounds) {
      const each = rounds.ours.map((o, r) => (o[model]?.cpu ?? NaN) / (rounds.torch[r]?.[key]?.cpu ?? NaN))
      lines.push(`             ours-f32 / torch-f32 in each round: ${each.map((x) => x.toFixed(2)).join(', ')}`)
    }
    const rel = (a: number, b: number) => `${(Math.abs(a - b) / Math.abs(b)).toExponential(1)}`
    lines.push(
      `             MSE f32 vs f64 after ${LARGE.training.epochs} epochs: train ${o32.trainMse.toPrecision(6)} vs ${o64.trainMse.toPrecision(6)} (rel. ${rel(o32.trainMse, o64.trainMse)}), extrapolation ${o32.extrapMse.toPrecision(6)} vs ${o64.extrapMse.toPrecision(6)} (rel. ${rel(o32.extrapMse, o64.extrapMse)})`
    )
  }
  lines.push(`    auto picked: ${autoChoice()}`)
  return lines
}
