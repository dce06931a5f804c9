import { describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api'
import { ExperimentSpec, type ExperimentSpecInput } from '@shared/domain'
import { checkLimits, estimateExperiment, LIMITS } from '../../../src-main/services/limits'
import { runExperiment } from '../../../src-main/services/experiments'
import { PRESETS } from '../../../src-main/training/presets'
import { experiment, recordingJobs, testLab } from '../jobs/fakes'

const seeds = (n: number) => Array.from({ length: n }, (_, i) => i)
const paper = PRESETS.find((p) => p.name === 'arithmetic-mul')!.spec

function refusal(spec: ExperimentSpec): ApiError {
  try {
    checkLimits(spec)
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('accepted')
}

function withProblem(over: Record<string, unknown>, rest: Partial<ExperimentSpecInput> = {}): ExperimentSpec {
  return experiment({ problem: { ...experiment().problem, ...over } as ExperimentSpecInput['problem'], ...rest })
}

describe('experiment limits', () => {
  it("accepts every preset at the paper's 100 seeds a model", () => {
    for (const p of PRESETS) expect(() => checkLimits({ ...p.spec, seeds: seeds(100) }), p.name).not.toThrow()
  })

  it('accepts a study of 1,000 runs of 5,001 points each', () => {
    const study = { ...paper, models: [...paper.models, ...paper.models, ...paper.models, paper.models[0]], seeds: seeds(100) }
    const e = estimateExperiment(study)
    expect([e.runs, e.points]).toEqual([1000, 5001])
    expect(() => checkLimits(study)).not.toThrow()
  })

  it('counts the stored points of the iterations schedule as iterations / evalEvery + 1', () => {
    expect(estimateExperiment({ ...paper, training: { ...paper.training, iterations: 10_000, evalEvery: 300 } }).points).toBe(34)
    expect(estimateExperiment(experiment({ training: { epochs: 20, batchSize: 8, optimizer: { kind: 'adam' } } })).points).toBe(20)
  })

  it('refuses more runs than an experiment may have, naming seeds and the limit', () => {
    const err = refusal(experiment({ seeds: seeds(1000) }))
    expect(err.field).toBe('seeds')
    expect(err.message).toBe('Invalid experiment: seeds: 3 models × 1,000 seeds is 3,000 runs; an experiment may have at most 1,000.')
  })

  it('refuses a run whose data sets alone outgrow the memory a run may use (the 8 GB experiment)', () => {
    const err = refusal(withProblem({ inDim: 1000, train: { size: 1_000_000, range: { lo: -1, hi: 1 } } }))
    expect(err.field).toBe('problem.train.size')
    expect(err.message).toMatch(
      /^Invalid experiment: training set › size: one run would need about 15 GB of memory \(data sets 15 GB, .*\); a run may use at most 1\.0 GB\.$/
    )
  })

  it('leaves out the training set the iterations schedule never builds', () => {
    const big = withProblem(
      { inDim: 1000, train: { size: 1_000_000, range: { lo: -1, hi: 1 } } },
      {
        training: { schedule: 'iterations', iterations: 1000, evalEvery: 100, batchSize: 8, optimizer: { kind: 'adam' } }
      }
    )
    expect(() => checkLimits(big)).not.toThrow()
  })

  it('names the hidden layer of an oversized MLP, and the batch size of an oversized batch', () => {
    const mlp = refusal(withProblem({ inDim: 10_000 }, { models: [{ units: [{ kind: 'mlp', hidden: 4096 }] }] }))
    expect(mlp.field).toBe('models[0].units[0].hidden')
    // the form's words for the setting, as every other experiment message; `field` stays the path
    expect(mlp.message).toMatch(/^Invalid experiment: model 1 › unit 1 › hidden size: one run would need about /)
    const batch = refusal(withProblem({ inDim: 10_000 }, { training: { epochs: 5, batchSize: 1_000_000, optimizer: { kind: 'adam' } } }))
    expect(batch.field).toBe('training.batchSize')
    expect(batch.message).toMatch(/^Invalid experiment: batch size: one run would need about /)
  })

  it('refuses a run storing more series than a run may (outDim 1000, 20,000 epochs)', () => {
    const err = refusal(
      withProblem({ inDim: 2000, outDim: 1000 }, { training: { epochs: 20_000, batchSize: 32, optimizer: { kind: 'adam' } } })
    )
    expect(err.field).toBe('problem.outDim')
    expect(err.message).toBe(
      'Invalid experiment: outputs: each run would store 20,000 points × 1,000 outputs (306 MB); a run may store at most 256 MB.'
    )
  })

  it('refuses an experiment whose runs together store more series than allowed', () => {
    const err = refusal(
      withProblem({ outDim: 100 }, { seeds: seeds(300), training: { epochs: 20_000, batchSize: 32, optimizer: { kind: 'adam' } } })
    )
    expect(err.field).toBe('seeds')
    expect(err.message).toMatch(
      /^Invalid experiment: seeds: 900 runs would store 28 GB of series; an experiment may store at most 4\.0 GB\.$/
    )
  })

  it('stores and starts nothing when it refuses', () => {
    const lab = testLab()
    const { jobs, queued } = recordingJobs()
    expect(() => runExperiment({ store: lab.store, jobs }, { ...experiment(), seeds: seeds(LIMITS.runs) })).toThrow(/at most 1,000/)
    expect(lab.store.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).total).toBe(0)
    expect(queued).toEqual([])
    lab.store.close()
  })
})
