import { Preset, type ExperimentSpecInput, type Op } from '@shared/domain'

type ModelInput = ExperimentSpecInput['models'][number]
type UnitInput = ModelInput['units'][number]

const unit = (u: UnitInput): ModelInput => ({ units: [u] })
const stack = (hidden: number, ...units: UnitInput[]): ModelInput => ({ units, hidden })

/**
 * The article's experiment exactly: 100 inputs, 10 outputs from {+, −, ×}, 1000 rows each,
 * training and interpolation U[−10, 10], extrapolation U[−50, 50] (the article's text; its code
 * drew the test set from [−10, 10], a slip), batch 32, Adam 1e-3, MSE, 250 epochs.
 */
const article: ExperimentSpecInput = {
  name: 'Mystery arithmetic problem (the article)',
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
  models: [unit({ kind: 'vanilla' }), unit({ kind: 'nac' }), unit({ kind: 'nalu', variant: 'article' })],
  training: { epochs: 250, batchSize: 32, optimizer: { kind: 'adam', lr: 0.001 } },
  seeds: [0],
  tags: ['article']
}

/**
 * The article's caveat: x_i·x_j with inputs of both signs. The NALU's log path sees |x| only and
 * cannot give the product its sign; NMU, iNALU (reduced form; sign correction) and NPU (complex log) can.
 */
const signCaveat: ExperimentSpecInput = {
  name: 'Sign caveat: a product of mixed-sign inputs',
  preset: 'sign-caveat',
  problem: {
    kind: 'mystery',
    inDim: 3,
    outDim: 1,
    ops: ['mul'],
    train: { size: 1000, range: { lo: -2, hi: 2 } },
    interp: { size: 1000, range: { lo: -2, hi: 2 } },
    extrap: { size: 1000, range: { lo: -6, hi: 6 } }
  },
  models: [
    unit({ kind: 'nalu', variant: 'paper' }),
    unit({ kind: 'nmu', sparsity: { lambda: 1, start: 10, end: 30 } }),
    unit({ kind: 'inalu' }),
    unit({ kind: 'npu' }),
    unit({ kind: 'realnpu' })
  ],
  training: { epochs: 100, batchSize: 32, optimizer: { kind: 'adam', lr: 0.01 } },
  // five seeds: whether a unit succeeds is a rate (Madsen & Johansen report it so), not one run
  seeds: [0, 1, 2, 3, 4],
  tags: ['sign-caveat']
}

/**
 * Madsen & Johansen's models for the arithmetic task (ICLR 2020, Section 4.1 and Table 2), each as
 * their code builds it (stable-nalu network/simple_function_static.py; the arguments of
 * lfs_batch_jobs/function_task_static.sh): two layers joined by a hidden layer of 2.
 * NAU = NAU → NAU with λ̂ = 0.01 from 5·10³ to 5·10⁴ iterations (--regualizer 0.01 …-start 5000
 * …-end 50000); NMU = NAU → NMU with the code's defaults λ̂ = 10 from 10⁶ to 2·10⁶, on both layers;
 * NAC+ = NAC → NAC, NAC• = NAC → NAC in log space, NALU = NALU → NALU, all without regulariser and
 * started as that code starts them; Linear = linear → linear.
 */
const NAU_ADD = { lambda: 0.01, start: 5_000, end: 50_000 }
const NMU_MUL = { lambda: 10, start: 1_000_000, end: 2_000_000 }
const nau = stack(2, { kind: 'nau', sparsity: NAU_ADD }, { kind: 'nau', sparsity: NAU_ADD })
const nmu = stack(2, { kind: 'nau', sparsity: NMU_MUL }, { kind: 'nmu', sparsity: NMU_MUL })
const nacAdd = stack(2, { kind: 'nac', init: 'madsen' }, { kind: 'nac', init: 'madsen' })
const nacMul = stack(2, { kind: 'nac', init: 'madsen' }, { kind: 'nac', op: 'mul', init: 'madsen' })
const nalu = stack(2, { kind: 'nalu', init: 'madsen' }, { kind: 'nalu', init: 'madsen' })
const linear = stack(2, { kind: 'linear' }, { kind: 'linear' })
/** the rows of the paper's Table 2 (÷: the models of its reproduction table and the NMU, all 0 %) */
const ARITHMETIC_MODELS: Record<Op, ModelInput[]> = {
  add: [nau, nacAdd, linear, nalu],
  sub: [nau, nacAdd, linear, nalu],
  mul: [nmu, nacMul, nalu],
  div: [nmu, nacMul, nalu]
}
const OP_NAME: Record<Op, string> = { add: 'addition', sub: 'subtraction', mul: 'multiplication', div: 'division' }

/** The paper's iterations per run (Section 4.1; --max-iterations 5000000); `--iterations` overrides. */
export const PAPER_ITERATIONS = 5_000_000

/**
 * Madsen & Johansen's arithmetic task exactly (docs/engine.md cites each value): a and b are sums
 * over two overlapping subsets of 100 inputs (subset ratio 0.25, overlap 0.5), target a op b;
 * training rows U[1, 2] drawn afresh for every iteration, batch 128; interpolation U[1, 2] and
 * extrapolation U[2, 6] sets of 10,000 rows, evaluated every 1,000 iterations; Adam 1e-3, MSE, no
 * clipping; the ε-perfect threshold with ε = 1e-5. The training set's size is unused: no fixed set.
 */
function arithmetic(op: Op): ExperimentSpecInput {
  return {
    name: `Arithmetic task: ${OP_NAME[op]} (Madsen & Johansen)`,
    preset: `arithmetic-${op}`,
    problem: {
      kind: 'arithmetic',
      op,
      inDim: 100,
      subsetRatio: 0.25,
      overlapRatio: 0.5,
      train: { size: 10_000, range: { lo: 1, hi: 2 } },
      interp: { size: 10_000, range: { lo: 1, hi: 2 } },
      extrap: { size: 10_000, range: { lo: 2, hi: 6 } }
    },
    models: ARITHMETIC_MODELS[op],
    training: {
      schedule: 'iterations',
      iterations: PAPER_ITERATIONS,
      evalEvery: 1000,
      batchSize: 128,
      optimizer: { kind: 'adam', lr: 0.001 },
      gradClip: null,
      successEpsilon: 1e-5
    },
    seeds: [0],
    tags: ['arithmetic']
  }
}

const DESCRIPTIONS: Record<string, [string, string]> = {
  article: ['The article’s experiment', 'Vanilla, NAC and NALU on 10 outputs made of +, − and × of 100 inputs: the article’s figures.'],
  'sign-caveat': [
    'Sign caveat',
    'A product of two inputs that can be negative: the NALU fails, NMU, iNALU (reduced form) and NPU can succeed.'
  ],
  'arithmetic-add': ['Arithmetic task: a + b', 'Madsen & Johansen’s task with addition: NAU, NAC+, Linear, NALU, 5·10⁶ iterations.'],
  'arithmetic-sub': ['Arithmetic task: a − b', 'Madsen & Johansen’s task with subtraction: NAU, NAC+, Linear, NALU, 5·10⁶ iterations.'],
  'arithmetic-mul': ['Arithmetic task: a × b', 'Madsen & Johansen’s task with multiplication: NMU (NAU → NMU), NAC•, NALU.'],
  'arithmetic-div': ['Arithmetic task: a ÷ b', 'Madsen & Johansen’s task with division: every unit of the paper fails it (0 %).']
}

// what the arithmetic presets do differently from the official code, said where the preset is chosen
const DIFFERS = ' Differs from the official code: Float64 instead of float32, evaluation sets drawn per seed (docs/engine.md).'
for (const op of ['add', 'sub', 'mul', 'div']) DESCRIPTIONS[`arithmetic-${op}`][1] += DIFFERS

/** Every preset, parsed by the shared schema at load: a preset that drifts from it fails at once. */
export const PRESETS: Preset[] = [article, signCaveat, arithmetic('add'), arithmetic('sub'), arithmetic('mul'), arithmetic('div')].map(
  (spec) => {
    const name = spec.preset as string
    const [title, description] = DESCRIPTIONS[name]
    return Preset.parse({ name, title, description, spec })
  }
)

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name)
}
