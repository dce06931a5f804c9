import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { mountApp, settle } from '../support/mount'
import { installCanvas } from '../support/canvas'
import { makeRun } from '../support/fixtures'
import { FakeLab } from '../support/fakeApi'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

describe('Live weights on the Live view', () => {
  it('shows the chosen running run’s weight map as snapshots arrive', async () => {
    installCanvas()
    const api = new FakeLab()
    const run = makeRun({ id: 5, status: 'running' })
    api.runs = [run, makeRun({ id: 6, status: 'running' })]
    api.jobs = [5, 6].map((runId) => ({
      runId,
      experimentId: 1,
      experimentName: 'x',
      model: 'nac',
      seed: 1,
      status: 'running' as const,
      epoch: 3,
      epochs: 250,
      elapsedMs: 10,
      etaMs: 100
    }))
    const m = await mountApp('/live', api)
    current = m.wrapper
    const w = m.wrapper
    const section = () => w.get('.live-weights')
    expect(section().text()).toContain('Waiting for the run')
    expect((section().get('select[name="live-weights-run"]').element as HTMLSelectElement).value).toBe('5')
    const weights = {
      units: [{ kind: 'nac', gates: null, matrices: [{ name: 'W', rows: 10, cols: 100, data: new Array(1000).fill(0.5) }] }]
    }
    api.emit('jobs.weights', { runId: 6, step: 4, stored: false, weights })
    await settle()
    expect(section().find('.heatmap').exists()).toBe(false)
    api.emit('jobs.weights', { runId: 5, step: 4, stored: false, weights })
    await settle()
    expect(section().get('output.step').text()).toBe('epoch 4')
    expect(section().findAll('figure.heatmap').length).toBeGreaterThan(0)
    // another run chosen: its own weights only
    await section().get('select[name="live-weights-run"]').setValue('6')
    await settle()
    expect(section().find('output.step').exists()).toBe(false)
    api.emit('jobs.weights', { runId: 6, step: 9, stored: true, weights })
    await settle()
    expect(section().get('output.step').text()).toBe('epoch 9')
    // live maps flow only for the run shown: asked for 5, then 5 released and 6 asked for
    expect(api.callsOf('jobs.watchWeights').map((c) => [c.runId, c.ms > 0])).toEqual([
      [5, true],
      [5, false],
      [6, true]
    ])
  })
})

describe('Formulas recovered per model (Compare)', () => {
  it('counts the outputs each model recovered exactly from its final weights', async () => {
    installCanvas()
    const api = new FakeLab()
    // the fixture NAC learned its + and − outputs (7 of 10), its copy with a sign flipped on output 0 6 of 10
    const good = makeRun({ id: 1 })
    const flipped = makeRun({ id: 2 })
    const w = flipped.weights!.units[0].matrices[0]
    w.data[0] = -w.data[0]
    api.runs = [good, flipped, makeRun({ id: 3, status: 'running' })]
    const m = await mountApp('/compare?ids=1,2,3', api)
    current = m.wrapper
    await settle()
    const table = m.wrapper.get('table[aria-label="Outputs recovered exactly"]')
    const cells = table.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))
    expect(cells).toEqual([['nac', '2', '13 of 20 (65 %)', '0 of 2']])
  })
})
