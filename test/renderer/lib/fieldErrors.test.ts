import { describe, expect, it } from 'vitest'
import { ExperimentSpec } from '@shared/domain'
import { errorsUnder, fieldErrorsOf, fieldLabel, parentPath } from '../../../src-renderer/lib/fieldErrors'
import { articlePreset } from '../support/fixtures'

describe('fieldErrorsOf', () => {
  it('keys zod issues by the same paths the main side reports, with readable reasons', () => {
    const spec = structuredClone(articlePreset().spec)
    spec.problem.inDim = 1
    spec.problem.extrap.range = { lo: 5, hi: -5 }
    spec.training.epochs = NaN
    spec.models[0] = { units: [{ kind: 'mlp', hidden: 0 }], hidden: 2 }
    const r = ExperimentSpec.safeParse(spec)
    expect(r.success).toBe(false)
    const errors = fieldErrorsOf(r.error!.issues)
    expect(errors['problem.inDim']).toBe('needs at least two inputs')
    expect(errors['problem.extrap.range']).toBe('range is empty or inverted (hi must be greater than lo)')
    expect(errors['training.epochs']).toBe('enter a number')
    expect(errors['models[0].units[0].hidden']).toBe('must be at least 1')
  })

  it('collects a group’s own error and its children’s', () => {
    const errors = { 'problem.train.range': 'inverted', 'problem.train.range.lo': 'enter a number', 'problem.trainX': 'other' }
    expect(errorsUnder(errors, 'problem.train.range')).toEqual(['inverted', 'enter a number'])
    expect(errorsUnder(errors, 'problem.train')).toEqual(['inverted', 'enter a number'])
  })
})

describe('fieldLabel', () => {
  const labels = new Map([
    ['problem.inDim', 'Inputs'],
    ['problem.train.range', 'Train range'],
    ['models', 'Models'],
    ['models[2].units[0].kind', 'Model 3 unit'],
    ['models[2].units[0].eps', 'ε']
  ])

  it('names a field by its visible label, a group error by the group, anything else by its path', () => {
    expect(fieldLabel('problem.inDim', labels)).toBe('Inputs')
    expect(fieldLabel('problem.train.range', labels)).toBe('Train range')
    expect(fieldLabel('problem.train.range.lo', labels)).toBe('Train range')
    expect(fieldLabel('training.lr', labels)).toBe('training.lr')
    expect(fieldLabel('', labels)).toBe('experiment')
  })

  it('says which model a per-model field belongs to', () => {
    expect(fieldLabel('models[2].units[0].eps', labels)).toBe('Model 3: ε')
    expect(fieldLabel('models[2].units[0].kind', labels)).toBe('Model 3 unit')
    expect(fieldLabel('models[0].units[1]', labels)).toBe('Model 1')
  })

  it('walks paths up one step at a time', () => {
    expect(parentPath('models[0].units[1]')).toBe('models[0].units')
    expect(parentPath('models[0]')).toBe('models')
    expect(parentPath('name')).toBe('')
  })
})
