import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { Chart } from 'chart.js'
import type { StudySeries } from '@shared/domain'
import StudyChart from '../../../../src-renderer/components/study/StudyChart.vue'
import { installCanvas } from '../../support/canvas'
import { settle } from '../../support/mount'

let w: VueWrapper | null = null
afterEach(() => {
  w?.unmount()
  w = null
})

/** An NMU whose loss reaches exactly 0 at the third point (as on the sign caveat), beside a NALU that never does. */
const series: StudySeries = {
  experimentId: 1,
  metric: 'extrapMse',
  unit: 'epoch',
  stride: 1,
  groups: [
    {
      key: 'nmu',
      model: 'nmu',
      op: null,
      x: [1, 2, 3, 4],
      median: [4, 0.02, 0, 0],
      q1: [2, 0.01, 0, 0],
      q3: [8, 0.05, 0, 0],
      count: [5, 5, 5, 5]
    },
    {
      key: 'nalu',
      model: 'nalu',
      op: null,
      x: [1, 2, 3, 4],
      median: [90, 80, NaN, 70],
      q1: [85, 75, NaN, 60],
      q3: [95, 85, NaN, 75],
      count: [5, 5, 5, 5]
    }
  ]
}

const chartOf = (wrapper: VueWrapper) => Chart.getChart(wrapper.get('canvas').element)!
const ys = (c: Chart, i: number) => (c.data.datasets[i].data as { y: number }[]).map((p) => p.y)

describe('StudyChart', () => {
  it('draws a loss of exactly zero at the log axis’ floor, one decade below the smallest positive value, and says so', async () => {
    installCanvas()
    w = mount(StudyChart, { props: { series, title: 'Extrapolation MSE', logY: true, theme: 'light' } })
    await settle()
    const c = chartOf(w)
    expect(ys(c, 0)).toEqual([4, 0.02, 0.001, 0.001])
    // a missing value stays a gap
    expect(ys(c, 1).map((v) => Number.isNaN(v))).toEqual([false, false, true, false])
    const floor = (c.config.plugins ?? []).find((p) => p.id === 'figureFloor') as unknown as { state: { floor: number | null } }
    expect(floor.state.floor).toBe(0.001)
  })

  it('needs no floor on a linear axis, where zero is a value like any other', async () => {
    installCanvas()
    w = mount(StudyChart, { props: { series, title: 'Extrapolation MSE', logY: false, theme: 'dark' } })
    await settle()
    const c = chartOf(w)
    expect(ys(c, 0)).toEqual([4, 0.02, 0, 0])
    const floor = (c.config.plugins ?? []).find((p) => p.id === 'figureFloor') as unknown as { state: { floor: number | null } }
    expect(floor.state.floor).toBeNull()
  })

  it('dashes the median where fewer seeds reach (a seed still training), and says so', async () => {
    installCanvas()
    const growing: StudySeries = { ...series, groups: [{ ...series.groups[1], x: [1, 2, 3, 4], count: [3, 3, 2, 2] }, series.groups[0]] }
    w = mount(StudyChart, { props: { series: growing, title: 'Extrapolation MSE', logY: true, theme: 'light' } })
    await settle()
    const c = chartOf(w)
    const median = c.data.datasets[0] as { segment?: { borderDash?: (ctx: { p1DataIndex: number }) => number[] | undefined } }
    const dash = median.segment!.borderDash!
    expect([1, 2, 3].map((i) => dash({ p1DataIndex: i }))).toEqual([undefined, [6, 4], [6, 4]])
    expect((c.options.scales?.x as { title?: { text?: string } } | undefined)?.title?.text).toBe('Epoch')
    expect(w.get('.partial-note').text()).toContain('fewer of the model')
    await w.setProps({ series })
    expect(w.find('.partial-note').exists()).toBe(false)
  })
})
