import { Preset, type ExperimentSpecInput, type Op } from '../../src-shared/domain'

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
 * cannot give the product its sign; NMU, iNALU (sign correction) and NPU (complex log) can.
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

// λ̂ = 10 rising from 20 % to 40 % of training, the share of Madsen & Johansen's schedule
const sparse = { lambda: 10, start: 200, end: 400 }
const ARITHMETIC_MODELS: Record<Op, ModelInput[]> = {
  add: [stack(2, { kind: 'nau', sparsity: sparse }, { kind: 'nau', sparsity: sparse }), stack(2, { kind: 'nac' }, { kind: 'nac' }), stack(2, { kind: 'nalu' }, { kind: 'nalu' })],
  sub: [stack(2, { kind: 'nau', sparsity: sparse }, { kind: 'nau', sparsity: sparse }), stack(2, { kind: 'nac' }, { kind: 'nac' }), stack(2, { kind: 'nalu' }, { kind: 'nalu' })],
  mul: [stack(2, { kind: 'nau', sparsity: sparse }, { kind: 'nmu', sparsity: sparse }), stack(2, { kind: 'nau', sparsity: sparse }, { kind: 'realnpu' }), stack(2, { kind: 'nalu' }, { kind: 'nalu' })],
  div: [stack(2, { kind: 'nau', sparsity: sparse }, { kind: 'realnpu' }), stack(2, { kind: 'nau', sparsity: sparse }, { kind: 'npu' }), stack(2, { kind: 'nalu' }, { kind: 'nalu' })]
}
const OP_NAME: Record<Op, string> = { add: 'addition', sub: 'subtraction', mul: 'multiplication', div: 'division' }

/**
 * Madsen & Johansen's arithmetic task: a and b are sums over two overlapping subsets of 100
 * inputs (subset ratio 0.25, overlap 0.5), target a op b; training and interpolation U[1, 2],
 * extrapolation U[2, 6]; a hidden layer of 2 (NAU → NMU for ×), batch 128, Adam 1e-3. A fixed
 * training set of 5000 rows stands in for their fresh batch every step.
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
      train: { size: 5000, range: { lo: 1, hi: 2 } },
      interp: { size: 1000, range: { lo: 1, hi: 2 } },
      extrap: { size: 1000, range: { lo: 2, hi: 6 } }
    },
    models: ARITHMETIC_MODELS[op],
    // 40,000 steps: their batch and optimiser, a far shorter budget than their 5·10⁶ steps
    training: { epochs: 1000, batchSize: 128, optimizer: { kind: 'adam', lr: 0.001 } },
    seeds: [0],
    tags: ['arithmetic']
  }
}

const DESCRIPTIONS: Record<string, [string, string]> = {
  article: ['The article’s experiment', 'Vanilla, NAC and NALU on 10 outputs made of +, − and × of 100 inputs: the article’s figures.'],
  'sign-caveat': ['Sign caveat', 'A product of two inputs that can be negative: the NALU fails, NMU, iNALU and NPU can succeed.'],
  'arithmetic-add': ['Arithmetic task: a + b', 'Madsen & Johansen’s task with addition.'],
  'arithmetic-sub': ['Arithmetic task: a − b', 'Madsen & Johansen’s task with subtraction.'],
  'arithmetic-mul': ['Arithmetic task: a × b', 'Madsen & Johansen’s task with multiplication (NAU → NMU).'],
  'arithmetic-div': ['Arithmetic task: a ÷ b', 'Madsen & Johansen’s task with division (NAU → NPU).']
}

/** Every preset, parsed by the shared schema at load: a preset that drifts from it fails at once. */
export const PRESETS: Preset[] = [article, signCaveat, arithmetic('add'), arithmetic('sub'), arithmetic('mul'), arithmetic('div')].map((spec) => {
  const name = spec.preset as string
  const [title, description] = DESCRIPTIONS[name]
  return Preset.parse({ name, title, description, spec })
})

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name)
}
