import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api'
import { ExperimentSpec } from '@shared/domain'
import { parseOrThrow } from '@shared/validate'
import type { JobQueue } from '../../../src-main/jobs/types'
import { planRuns, runExperiment } from '../../../src-main/services/experiments'
import { configHash } from '../../../src-main/training/configHash'
import { experiment, recordingJobs, testLab } from '../jobs/fakes'

let lab: ReturnType<typeof testLab>
let queued: number[][]
let jobs: JobQueue

beforeEach(() => {
  lab = testLab()
  ;({ jobs, queued } = recordingJobs())
})
afterEach(() => lab.store.close())

/** The experiment as plain JSON with one path changed, as a form or the CLI would send it. */
function withChange(path: string, value: unknown): unknown {
  const spec = JSON.parse(JSON.stringify(experiment())) as Record<string, unknown>
  const keys = path.split('.')
  let at = spec
  for (const k of keys.slice(0, -1)) at = at[k] as Record<string, unknown>
  at[keys.at(-1) as string] = value
  return spec
}

function refusal(input: unknown): ApiError {
  try {
    // as at the IPC and CLI boundaries: the schema, then what only the engine knows
    runExperiment({ store: lab.store, jobs }, parseOrThrow(ExperimentSpec, input, 'experiment'))
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('accepted')
}

describe('experiments.run', () => {
  it('stores one queued run per seed × model, with its generated configuration, and queues them', () => {
    const spec = experiment({ seeds: [1, 2] })
    const { experimentId, runIds } = runExperiment({ store: lab.store, jobs, events: lab.events }, spec)
    expect(runIds).toHaveLength(6)
    expect(queued).toEqual([runIds])
    expect(lab.log).toContainEqual({ channel: 'runs.changed', payload: { reason: 'created' } })
    const runs = runIds.map((id) => lab.store.getRun(id))
    expect(runs.map((r) => [r?.model, r?.seed, r?.status])).toEqual([
      ['vanilla', 1, 'queued'],
      ['nalu(article)', 1, 'queued'],
      ['nac', 1, 'queued'],
      ['vanilla', 2, 'queued'],
      ['nalu(article)', 2, 'queued'],
      ['nac', 2, 'queued']
    ])
    expect(runs[0]?.experimentId).toBe(experimentId)
    // the same seed gives every model the same problem instance
    expect(runs[0]?.config).toEqual(runs[2]?.config)
    expect(runs[0]?.config).not.toEqual(runs[3]?.config)
    expect(runs[0]?.outputs).toBe(3)
  })

  it.each([
    ['problem.inDim', 1, /inputs: needs at least two inputs/],
    ['problem.ops', [], /operations: choose at least one operation/],
    ['problem.train.range', { lo: 5, hi: -5 }, /training set › range: range is empty or inverted/],
    ['problem.extrap.range', { lo: 3, hi: 3 }, /extrapolation set › range: range is empty or inverted/],
    ['training.batchSize', 0, /batch size: batch size must be at least 1/],
    ['training.optimizer.lr', Number.NaN, /learning rate: enter a number/],
    ['models', [{ units: [{ kind: 'nalu', gate: 'none' }] }], /model 1 › unit 1/],
    ['models', [{ units: [{ kind: 'transformer' }] }], /model 1 › unit 1 › kind/],
    // a misspelt option must not be dropped silently, leaving the default in force
    ['problem.divguard', 0, /problem: unknown setting "divguard" \(misspelt\?\)/],
    ['problem.train.sise', 10, /training set: unknown setting "sise"/],
    ['problem.extrap.range.high', 60, /extrapolation set › range: unknown setting "high"/],
    ['models', [{ units: [{ kind: 'nau', sparsity: { lamda: 1 } }] }], /model 1 › unit 1 › sparsity: unknown setting "lamda"/]
  ])('refuses %s = %j before anything is stored, naming the field', (path, value, message) => {
    const err = refusal(withChange(path, value))
    expect(err.code).toBe('invalid')
    expect(err.message).toMatch(message)
    expect(err.field?.startsWith(path.split('.')[0])).toBe(true)
    expect(queued).toEqual([])
    expect(lab.store.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).total).toBe(0)
  })

  it('refuses what only the engine knows to be impossible, naming the field', () => {
    // every range of the problem lies within ±10, inside a division guard of 20
    const guard = refusal({ ...experiment(), problem: { ...experiment().problem, ops: ['div'], divGuard: 20 } })
    expect(guard).toMatchObject({ code: 'invalid', field: 'problem.train.range' })
    const backend = refusal({ ...experiment(), training: { ...experiment().training, path: 'fused', backend: 'wasm' } })
    expect(backend).toMatchObject({ code: 'invalid', field: 'training.backend' })
    expect(queued).toEqual([])
  })
})

describe('planRuns', () => {
  it('hashes everything that decides a run’s numbers', () => {
    const spec = experiment()
    const [a] = planRuns(spec)
    const [b] = planRuns(ExperimentSpec.parse({ ...spec, name: 'renamed', tags: ['x'] }))
    expect(a.configHash).toMatch(/^[0-9a-f]{16}$/)
    expect(b.configHash).toBe(a.configHash)
    const [c] = planRuns({ ...spec, training: { ...spec.training, epochs: 6 } })
    expect(c.configHash).not.toBe(a.configHash)
    expect(configHash({ problem: spec.problem, config: a.config, model: a.modelSpec, training: spec.training, seed: 2 })).not.toBe(
      a.configHash
    )
  })
})
