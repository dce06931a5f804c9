import { settingWords } from '@shared/issueWords'
import { describe, expect, it } from 'vitest'
import { eventChannels, invokeChannels, INVOKE_CHANNELS, isInvokeChannel } from '@shared/contract'
import { ExperimentSpec } from '@shared/domain'
import { parseOrThrow } from '@shared/validate'
import { ApiError } from '@shared/api'

const spec = {
  name: 'article',
  problem: {
    kind: 'mystery',
    inDim: 100,
    outDim: 10,
    ops: ['add', 'sub', 'mul'],
    train: { size: 1000, range: { lo: -10, hi: 10 } },
    interp: { size: 1000, range: { lo: -10, hi: 10 } },
    extrap: { size: 1000, range: { lo: -50, hi: 50 } }
  },
  models: [{ units: [{ kind: 'nalu' }] }],
  training: { epochs: 250, batchSize: 32, optimizer: { kind: 'adam' } },
  seeds: [1]
}

function errorOf(value: unknown): ApiError {
  try {
    parseOrThrow(ExperimentSpec, value, 'experiment')
  } catch (e) {
    if (e instanceof ApiError) return e
  }
  throw new Error('expected the spec to be refused')
}

describe('the contract', () => {
  it('declares a request and a response schema for every invoke channel and a schema per event', () => {
    for (const c of INVOKE_CHANNELS) {
      expect(typeof invokeChannels[c].request.safeParse).toBe('function')
      expect(typeof invokeChannels[c].response.safeParse).toBe('function')
    }
    expect(Object.keys(invokeChannels).sort()).toEqual([...INVOKE_CHANNELS].sort())
    expect(Object.keys(eventChannels).sort()).toEqual(['jobs.finished', 'jobs.progress', 'jobs.weights', 'runs.changed', 'slurm.polled'])
    expect(isInvokeChannel('toString')).toBe(false)
    expect(isInvokeChannel('experiments.run')).toBe(true)
  })

  it('fills the paper defaults into a minimal experiment', () => {
    const parsed = parseOrThrow(ExperimentSpec, spec)
    expect(parsed.models[0].units[0]).toEqual({ kind: 'nalu', variant: 'paper', init: 'glorot', eps: 1e-7 })
    expect(parsed.training.optimizer).toMatchObject({ kind: 'adam', lr: 0.001 })
    expect(parsed.problem.divGuard).toBe(0.1)
  })

  it.each([
    ['fewer than two inputs', { problem: { ...spec.problem, inDim: 1 } }, 'problem.inDim', /at least two inputs/],
    ['no operation', { problem: { ...spec.problem, ops: [] } }, 'problem.ops', /at least one operation/],
    [
      'an inverted range',
      { problem: { ...spec.problem, extrap: { size: 10, range: { lo: 5, hi: -5 } } } },
      'problem.extrap.range',
      /empty or inverted/
    ],
    ['batch size 0', { training: { ...spec.training, batchSize: 0 } }, 'training.batchSize', /batch size must be at least 1/],
    ['a non-finite number', { training: { ...spec.training, optimizer: { kind: 'adam', lr: Infinity } } }, 'training.optimizer.lr', /./],
    ['an unknown model option', { models: [{ units: [{ kind: 'nac', sparsity: 3 }] }] }, 'models[0].units[0]', /sparsity/]
  ])('refuses %s, naming the field', (_what, patch, field, reason) => {
    const err = errorOf({ ...spec, ...patch })
    expect(err.code).toBe('invalid')
    expect(err.field).toBe(field)
    expect(err.message).toMatch(reason)
    // the message names the setting in words (the field keeps the path for the form)
    expect(err.message).toContain(settingWords(field))
    expect(err.message).not.toContain(field)
  })
})
