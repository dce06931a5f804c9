import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import RunSummary from '../../../../src-renderer/components/run/RunSummary.vue'
import { articlePreset, makeRun } from '../../support/fixtures'

const fact = (w: ReturnType<typeof mount>, term: string) =>
  w
    .findAll('dl > div')
    .find((d) => d.get('dt').text() === term)
    ?.get('dd')
    .text()

describe('RunSummary', () => {
  it('counts an epoch run in epochs', () => {
    const w = mount(RunSummary, { props: { run: makeRun({ epochsDone: 20, epochs: 250 }) } })
    expect(fact(w, 'Epochs')).toBe('20 / 250')
    expect(fact(w, 'Iterations')).toBeUndefined()
  })

  it('counts an iteration-schedule run in iterations, also where it diverged', () => {
    const base = articlePreset().spec
    const spec = { ...base, training: { ...base.training, schedule: 'iterations' as const, iterations: 5000 } }
    const run = makeRun({ spec, status: 'diverged', divergedAtEpoch: 3000, epochsDone: 4, epochs: 5000 })
    const w = mount(RunSummary, { props: { run } })
    expect(fact(w, 'Iterations')).toBe('4 / 5000')
    expect(fact(w, 'Epochs')).toBeUndefined()
    expect(w.get('[role="alert"]').text()).toContain('diverged at iteration 3000')
  })
})
