import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { modelLabel, type EpochMetrics, type ExperimentSpec, type Op } from '@shared/domain'
import { findPreset } from '../../src-main/training/presets'
import { openStore } from '../../src-main/store'

/**
 * A database shaped like what the sign-caveat and article presets leave behind, written straight
 * into the store (no training: the figures are under test, not the engine), so an end-to-end test
 * has 25 runs in a second. The curves follow what docs/engine.md measured: the NALU's
 * extrapolation loss rises, the NMU reaches a loss of exactly 0 and stays there, the NPU solves
 * three seeds of five, the RealNPU sticks; in the article's runs the sums succeed, products fail.
 */
export const SIGN_EPOCHS = 60
/** the NMU's losses are exactly 0 from this epoch on */
export const NMU_ZERO_FROM = 25
export const ARTICLE_EPOCHS = 40

type Curve = (epoch: number, seed: number) => number

const SIGN_CURVES: Record<string, { train: Curve; extrap: Curve }> = {
  nalu: { train: (e, s) => 3 + 20 / e + s * 0.1, extrap: (e, s) => 60 + e + s * 3 },
  nmu: {
    train: (e, s) => (e >= NMU_ZERO_FROM ? 0 : 2 * 10 ** (-e / 3) * (1 + s * 0.1)),
    extrap: (e, s) => (e >= NMU_ZERO_FROM ? 0 : 40 * 10 ** (-e / 3) * (1 + s * 0.1))
  },
  inalu: { train: (e, s) => 0.05 + 4 / e + s * 0.01, extrap: (e, s) => 0.17 + 10 / e + s * 0.01 },
  npu: { train: (e, s) => (s < 3 ? 10 ** (-e / 6) : 1 + 1 / e), extrap: (e, s) => (s < 3 ? 5 * 10 ** (-e / 6) : 30 + 10 / e) },
  realnpu: { train: (e, s) => 2 + 1 / e + s * 0.05, extrap: (e, s) => 25 + 5 / e + s }
}

function epochOf(e: number, train: number, extrap: number, perExtrap: number[], seed: number): EpochMetrics {
  return {
    epoch: e,
    trainMse: train,
    interpMse: train * 1.1,
    extrapMse: extrap,
    perOutput: { interp: perExtrap.map((v) => v / 5), extrap: perExtrap },
    wallMs: e * (35 + seed)
  }
}

const ARTICLE_OPS: Op[] = ['add', 'add', 'mul', 'mul', 'mul', 'sub', 'sub', 'mul', 'mul', 'mul']

function seedExperiment(
  store: ReturnType<typeof openStore>,
  spec: ExperimentSpec,
  outputs: { i: number; j: number; op: Op }[],
  epochs: number,
  curve: (model: string, e: number, seed: number) => number[]
): number[] {
  const runs = spec.models.flatMap((m) =>
    spec.seeds.map((seed) => ({
      model: modelLabel(m),
      modelSpec: m,
      seed,
      config: { kind: 'pairs' as const, inDim: spec.problem.inDim, outputs },
      configHash: `e2e-${modelLabel(m)}-${seed}`,
      outputs: outputs.length
    }))
  )
  const { runIds } = store.createExperiment(spec, runs)
  runIds.forEach((id, k) => {
    const { model, seed } = runs[k]
    store.markRunning(id, { path: 'fused', backend: 'cpu', versions: { node: process.version } })
    const series = Array.from({ length: epochs }, (_, i) => {
      const per = curve(model, i + 1, seed)
      const mean = per.reduce((a, b) => a + b, 0) / per.length
      return epochOf(i + 1, mean / 10, mean, per, seed)
    })
    store.appendEpochs(id, series)
    const last = series[series.length - 1]
    const thresholds = outputs.map(() => 1e-4)
    store.finishRun(id, {
      status: 'completed',
      final: {
        trainMse: last.trainMse,
        interpMse: last.interpMse,
        extrapMse: last.extrapMse,
        success: last.perOutput.extrap.map((v, o) => v < thresholds[o]),
        thresholds
      }
    })
  })
  return runIds
}

export function figureStore(): { path: string; signRuns: number[]; articleRuns: number[]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nalu-figures-'))
  const path = join(dir, 'lab.db')
  const store = openStore(path)
  const sign = findPreset('sign-caveat')!.spec
  const signRuns = seedExperiment(
    store,
    { ...sign, training: { ...sign.training, epochs: SIGN_EPOCHS } },
    [{ i: 0, j: 2, op: 'mul' }],
    SIGN_EPOCHS,
    (model, e, seed) => {
      // the unit's kind: labels carry variants, e.g. "inalu(reduced)"
      const c = SIGN_CURVES[model.replace(/\(.*\)$/, '')]
      return [c.extrap(e, seed)]
    }
  )
  const article = findPreset('article')!.spec
  const outputs = ARTICLE_OPS.map((op, k) => ({ i: k * 7, j: k * 7 + 3, op }))
  const articleRuns = seedExperiment(
    store,
    { ...article, training: { ...article.training, epochs: ARTICLE_EPOCHS } },
    outputs,
    ARTICLE_EPOCHS,
    (model, e) =>
      ARTICLE_OPS.map((op) => {
        const sums = model === 'nac' ? 0.1 + 50 / e : model === 'vanilla' ? 30 + 10 / e : 40 + 100 / e
        return op === 'mul' ? 1000 + (model === 'nalu(article)' ? 50 * e : 100 / e) : sums
      })
  )
  store.close()
  return { path, signRuns, articleRuns, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
