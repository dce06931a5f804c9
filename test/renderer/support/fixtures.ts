import {
  ExperimentSpec,
  modelLabel,
  type EpochMetrics,
  type GeneratedConfig,
  type Preset,
  type RunDetail,
  type RunRow,
  type RunStatus
} from '@shared/domain'

/** The article's experiment as a preset, small enough for tests. */
export function articlePreset(): Preset {
  return {
    name: 'article',
    title: 'Article: mystery arithmetic',
    description: 'inDim 100, outDim 10, ops + − ×; vanilla, NAC and NALU (article variant).',
    spec: ExperimentSpec.parse({
      name: 'Article experiment',
      preset: 'article',
      problem: {
        kind: 'mystery',
        inDim: 100,
        outDim: 10,
        ops: ['add', 'sub', 'mul'],
        train: { size: 1000, range: { lo: -10, hi: 10 } },
        interp: { size: 1000, range: { lo: -10, hi: 10 } },
        extrap: { size: 1000, range: { lo: -50, hi: 50 } }
      },
      models: [{ units: [{ kind: 'vanilla' }] }, { units: [{ kind: 'nac' }] }, { units: [{ kind: 'nalu', variant: 'article' }] }],
      training: { epochs: 250, batchSize: 32, optimizer: { kind: 'adam', lr: 0.001 } },
      seeds: [1]
    })
  }
}

export function arithmeticPreset(): Preset {
  return {
    name: 'arithmetic-add',
    title: 'Arithmetic task: addition',
    description: 'Madsen & Johansen.',
    spec: ExperimentSpec.parse({
      name: 'Arithmetic add',
      preset: 'arithmetic-add',
      problem: {
        kind: 'arithmetic',
        op: 'add',
        train: { size: 100, range: { lo: 1, hi: 2 } },
        interp: { size: 100, range: { lo: 1, hi: 2 } },
        extrap: { size: 100, range: { lo: 2, hi: 6 } }
      },
      models: [{ units: [{ kind: 'nau' }, { kind: 'nmu' }] }],
      training: { epochs: 100, batchSize: 64, optimizer: { kind: 'adam' } },
      seeds: [1, 2]
    })
  }
}

/** A pairs config: output k = x_{2k} op x_{2k+1}, ops cycling + − ×. */
export function pairsConfig(inDim = 100, outDim = 10): GeneratedConfig {
  const ops = ['add', 'sub', 'mul'] as const
  return { kind: 'pairs', inDim, outputs: Array.from({ length: outDim }, (_, k) => ({ i: 2 * k, j: 2 * k + 1, op: ops[k % 3] })) }
}

/** A decreasing loss curve, deterministic. */
export function epochs(n: number, outDim = 10, start = 100): EpochMetrics[] {
  return Array.from({ length: n }, (_, i) => ({
    epoch: i + 1,
    trainMse: start / (i + 1),
    interpMse: (start * 1.1) / (i + 1),
    extrapMse: (start * 3) / (i + 1),
    perOutput: {
      interp: Array.from({ length: outDim }, (_, k) => k / (i + 1)),
      extrap: Array.from({ length: outDim }, (_, k) => (k * 2) / (i + 1))
    },
    wallMs: (i + 1) * 10
  }))
}

let nextId = 1
export function resetIds(): void {
  nextId = 1
}

/** A finished run of the article experiment with a NAC that learned its + and − outputs. */
export function makeRun(patch: Partial<RunDetail> = {}): RunDetail {
  const id = patch.id ?? nextId++
  const spec = patch.spec ?? articlePreset().spec
  const modelSpec = patch.modelSpec ?? spec.models[1]
  const config = patch.config ?? pairsConfig()
  const outDim = config.kind === 'pairs' ? config.outputs.length : 1
  const series = patch.series ?? epochs(20, outDim)
  const lastEpoch = series[series.length - 1]
  const status: RunStatus = patch.status ?? 'completed'
  const data = new Array<number>(outDim * config.inDim).fill(0)
  if (config.kind === 'pairs')
    config.outputs.forEach((p, k) => {
      data[k * config.inDim + p.i] = 0.98
      data[k * config.inDim + p.j] = p.op === 'sub' ? -0.97 : 0.99
    })
  return {
    id,
    experimentId: 1,
    experimentName: spec.name,
    preset: spec.preset,
    model: modelLabel(modelSpec),
    seed: 1,
    status,
    epochsDone: series.length,
    epochs: spec.training.epochs,
    trainMse: lastEpoch?.trainMse ?? null,
    interpMse: lastEpoch?.interpMse ?? null,
    extrapMse: lastEpoch?.extrapMse ?? null,
    successCount: status === 'completed' ? 7 : null,
    outputs: outDim,
    tags: [],
    notes: '',
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, id)).toISOString(),
    backend: 'fused',
    spec,
    modelSpec,
    config,
    environment: { path: 'fused', backend: 'cpu', versions: { app: '0.1.0' } },
    configHash: `hash${id}`,
    error: null,
    divergedAtEpoch: null,
    startedAt: null,
    endedAt: null,
    final:
      status === 'completed'
        ? {
            trainMse: 1,
            interpMse: 1,
            extrapMse: 1,
            success: Array.from({ length: outDim }, (_, k) => k < 7),
            thresholds: Array.from({ length: outDim }, () => 0.01)
          }
        : null,
    weights:
      status === 'completed'
        ? {
            units: [
              { kind: modelSpec.units[0].kind, matrices: [{ name: 'W (effective)', rows: outDim, cols: config.inDim, data }], gates: null }
            ]
          }
        : null,
    ...patch,
    series
  }
}

export function rowOf(d: RunDetail): RunRow {
  const {
    spec: _s,
    modelSpec: _m,
    config: _c,
    environment: _e,
    configHash: _h,
    error: _er,
    divergedAtEpoch: _d,
    final: _f,
    weights: _w,
    series: _se,
    ...row
  } = d
  return row
}
