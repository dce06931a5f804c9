import {
  ArithmeticProblem,
  ModelSpec,
  MysteryProblem,
  Optimizer,
  UnitSpec,
  type ExperimentSpec,
  type Preset,
  type ProblemSpec,
  type UnitKind
} from '@shared/domain'

/** A plain deep copy: drafts must never share objects with presets or with a run's stored spec. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

// Used only when no preset of that kind exists: the article's problem and the Madsen & Johansen task.
const FALLBACK: Record<ProblemSpec['kind'], () => ProblemSpec> = {
  mystery: () =>
    MysteryProblem.parse({
      kind: 'mystery',
      inDim: 100,
      outDim: 10,
      ops: ['add', 'sub', 'mul'],
      train: { size: 1000, range: { lo: -10, hi: 10 } },
      interp: { size: 1000, range: { lo: -10, hi: 10 } },
      extrap: { size: 1000, range: { lo: -50, hi: 50 } }
    }),
  arithmetic: () =>
    ArithmeticProblem.parse({
      kind: 'arithmetic',
      op: 'add',
      train: { size: 1000, range: { lo: 1, hi: 2 } },
      interp: { size: 1000, range: { lo: 1, hi: 2 } },
      extrap: { size: 1000, range: { lo: 2, hi: 6 } }
    })
}

export function defaultProblem(kind: ProblemSpec['kind'], presets: readonly Preset[]): ProblemSpec {
  const p = presets.find((x) => x.spec.problem.kind === kind)
  return p ? clone(p.spec.problem) : FALLBACK[kind]()
}

export function defaultUnit(kind: UnitKind): UnitSpec {
  return UnitSpec.parse({ kind })
}

export function defaultModel(kind: UnitKind): ModelSpec {
  return ModelSpec.parse({ units: [{ kind }] })
}

export function defaultOptimizer(kind: Optimizer['kind'], lr?: number): Optimizer {
  return Optimizer.parse(lr === undefined ? { kind } : { kind, lr })
}

/** The starting draft: the first preset (the article's experiment comes first), else the fallback. */
export function initialSpec(presets: readonly Preset[]): ExperimentSpec {
  if (presets.length) return { ...clone(presets[0].spec) }
  return {
    name: 'New experiment',
    preset: null,
    problem: FALLBACK.mystery(),
    models: [defaultModel('vanilla'), defaultModel('nac'), defaultModel('nalu')],
    training: {
      schedule: 'epochs',
      epochs: 250,
      iterations: 50_000,
      evalEvery: 1000,
      shuffle: true,
      dropLast: true,
      batchSize: 32,
      optimizer: defaultOptimizer('adam'),
      loss: 'mse',
      gradClip: null,
      path: 'auto',
      backend: 'auto',
      successEpsilon: 1e-5
    },
    seeds: [1],
    tags: [],
    notes: ''
  }
}

/** Seeds as the form edits them: a first seed and how many consecutive seeds to repeat with. */
export function seedRange(first: number, count: number): number[] {
  // an unreadable count gives no seeds, which the schema then flags ("give at least one seed")
  if (!Number.isFinite(count)) return []
  return Array.from({ length: Math.max(0, Math.min(Math.trunc(count), 1000)) }, (_, k) => first + k)
}
