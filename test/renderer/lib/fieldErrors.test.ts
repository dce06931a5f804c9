import { describe, expect, it } from 'vitest'
import { ExperimentSpec } from '../../../src-shared/domain'
import { errorsUnder, fieldErrorsOf } from '../../../src-renderer/lib/fieldErrors'
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
    expect(errors['models[0].units[0].hidden']).toMatch(/>=\s?1/)
  })

  it('collects a group’s own error and its children’s', () => {
    const errors = { 'problem.train.range': 'inverted', 'problem.train.range.lo': 'enter a number', 'problem.trainX': 'other' }
    expect(errorsUnder(errors, 'problem.train.range')).toEqual(['inverted', 'enter a number'])
    expect(errorsUnder(errors, 'problem.train')).toEqual(['inverted', 'enter a number'])
  })
})
