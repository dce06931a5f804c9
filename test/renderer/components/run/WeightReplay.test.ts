import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { mountApp, settle } from '../../support/mount'
import { installCanvas } from '../../support/canvas'
import { makeRun } from '../../support/fixtures'
import { FakeLab } from '../../support/fakeApi'
import type { LearnedWeights } from '@shared/domain'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

/** weights halfway between 0 and ±1 everywhere: no clean formula */
function undecided(rows: number, cols: number): LearnedWeights {
  return {
    units: [
      {
        kind: 'nac',
        gates: null,
        matrices: [{ name: 'W (effective)', rows, cols, data: Array.from({ length: rows * cols }, (_, i) => (i % 2 ? 0.45 : -0.45)) }]
      }
    ]
  }
}

async function open(api: FakeLab) {
  installCanvas()
  const m = await mountApp('/runs/12', api)
  current = m.wrapper
  return m.wrapper
}

const cells = (w: VueWrapper, col: number) =>
  w
    .get('table[aria-label="Learned formula"]')
    .findAll('tbody tr')
    .map((tr) => tr.findAll('th, td')[col].text())

describe('Replay of a run’s weights', () => {
  it('replays the stored snapshots with the Training step slider: map, histogram and learned formula follow', async () => {
    const api = new FakeLab()
    const run = makeRun({ id: 12 })
    api.runs = [run]
    api.snapshots.set(12, [
      { step: 0, weights: undecided(10, 100) },
      { step: 3, weights: undecided(10, 100) },
      { step: 20, weights: run.weights! }
    ])
    const w = await open(api)
    const slider = w.get('input[type="range"][aria-label="Training step"]')
    expect(slider.attributes('max')).toBe('2')
    expect(slider.attributes('aria-valuetext')).toBe('epoch 20')
    const table = w.get('table[aria-label="Learned formula"]')
    expect(
      table
        .findAll('thead th')
        .map((th) => th.text())
        .slice(0, 4)
    ).toEqual(['Output', 'Learned', 'True', 'Match'])
    // the fixture's NAC learned + and − (0.98, 0.99, −0.97): equal; a product it cannot express
    expect(cells(w, 1).slice(0, 3)).toEqual(['x0 + x1', 'x2 − x3', 'x4 + x5'])
    expect(cells(w, 2).slice(0, 3)).toEqual(['x0 + x1', 'x2 − x3', 'x4 × x5'])
    expect(cells(w, 3).slice(0, 3)).toEqual(['✓ equal', '✓ equal', '✗ differs'])
    expect(w.text()).toContain('7 of 10 outputs recovered exactly, at epoch 20')
    expect(w.get('figure[aria-label="Weight histogram"]').find('svg').exists()).toBe(true)

    await slider.setValue('0')
    await settle()
    expect(slider.attributes('aria-valuetext')).toBe('epoch 0 (initialisation)')
    expect(cells(w, 3).every((t) => t === 'no clean formula')).toBe(true)
    expect(w.text()).toContain('0 of 10 outputs recovered exactly, at epoch 0 (initialisation)')
    expect(w.get('figure[aria-label="Weight histogram"] figcaption').text()).toContain('at epoch 0 (initialisation)')
  })

  it('follows live snapshots of a running run while the slider sits at the newest step', async () => {
    const api = new FakeLab()
    api.runs = [makeRun({ id: 12, status: 'running' })]
    api.snapshots.set(12, [{ step: 0, weights: undecided(10, 100) }])
    const w = await open(api)
    const slider = w.get('input[aria-label="Training step"]')
    expect(slider.attributes('aria-valuetext')).toBe('epoch 0 (initialisation)')
    api.emit('jobs.weights', { runId: 12, step: 7, stored: false, weights: undecided(10, 100) })
    await settle()
    expect(slider.attributes('max')).toBe('1')
    expect(slider.attributes('aria-valuetext')).toBe('epoch 7')
    // another run's weights are not this run's
    api.emit('jobs.weights', { runId: 99, step: 9, stored: true, weights: undecided(10, 100) })
    await settle()
    expect(slider.attributes('aria-valuetext')).toBe('epoch 7')
  })

  it('says so when a run has no snapshots', async () => {
    const api = new FakeLab()
    api.runs = [makeRun({ id: 12 })]
    const w = await open(api)
    expect(w.find('input[aria-label="Training step"]').exists()).toBe(false)
    expect(w.text()).toContain('No weight snapshots are stored for this run')
    // the final weights still give the formula
    expect(w.text()).toContain('7 of 10 outputs recovered exactly')
  })
})
