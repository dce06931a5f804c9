import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import type { RunSeries } from '@shared/domain'
import CompareSummary from '../../../../src-renderer/components/compare/CompareSummary.vue'
import type { RunConfig } from '../../../../src-renderer/stores/compare'

const run = (id: number, model: string, seed: number, last: number): RunSeries => ({
  id,
  label: `${model} seed ${seed}`,
  model,
  seed,
  preset: null,
  experimentName: 'Sign caveat',
  series: [1, 2].map((epoch) => ({
    epoch,
    trainMse: epoch === 2 ? last : 50,
    interpMse: 1,
    extrapMse: 2,
    wallMs: epoch,
    perOutput: { interp: [], extrap: [] }
  }))
})
// 2 models × 3 seeds
const series = [
  run(1, 'nac', 1, 4),
  run(2, 'nac', 2, 1),
  run(3, 'nac', 3, 3),
  run(4, 'nmu', 1, 0),
  run(5, 'nmu', 2, 0.5),
  run(6, 'nmu', 3, 8)
]
const solved: Record<number, boolean | null> = { 1: false, 2: true, 3: false, 4: true, 5: true, 6: null }
const configs = series.map((s) => ({ id: s.id, solved: solved[s.id] }) as RunConfig)

function mountSummary(props: Record<string, unknown>) {
  return mount(CompareSummary, {
    props: { series, theme: 'light', ...props },
    global: { stubs: { RouterLink: { template: '<a><slot /></a>' } } }
  })
}
const cells = (w: ReturnType<typeof mountSummary>) => w.findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => td.text()))

describe('CompareSummary', () => {
  it('has one row per run when not grouped', () => {
    const w = mountSummary({ groupBy: 'run', configs })
    expect(w.findAll('tbody tr')).toHaveLength(6)
  })

  it('grouped by model: one row per model with its runs, the median, min and max of the last value, and how many solved', () => {
    const w = mountSummary({ groupBy: 'model', configs })
    expect(w.find('table').attributes('aria-label')).toBe('Summary by model')
    const headers = w.findAll('thead th').map((th) => th.text())
    expect(headers.slice(0, 3)).toEqual(['Model', 'Runs', 'Train MSE, last'])
    expect(headers).toContain('Solved')
    const rows = cells(w)
    expect(rows).toHaveLength(2)
    // train: median, min, max of the last values (nac 4, 1, 3; nmu 0, 0.5, 8), then interp and extrap
    expect(rows[0]).toEqual(['nac', '3', '3', '1', '4', '1', '1', '1', '2', '2', '2', '1 of 3'])
    expect(rows[1].slice(0, 5)).toEqual(['nmu', '3', '0.5', '0', '8'])
    expect(rows[1][11]).toBe('2 of 2 (1 not ended)')
  })

  it('says the solved count is still loading until every run’s result is there', () => {
    const w = mountSummary({ groupBy: 'model', configs: configs.slice(0, 4) })
    expect(cells(w).map((r) => r[11])).toEqual(['…', '…'])
  })
})
