import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { Chart } from 'chart.js'
import { buttonNamed, mountApp, settle } from '../support/mount'
import { installCanvas } from '../support/canvas'
import { FakeLab } from '../support/fakeApi'
import { makeRun } from '../support/fixtures'
import type { StudySeries, StudySummary } from '@shared/domain'
import { modelColor } from '@shared/figures/palette'
import { wilsonInterval } from '@shared/stats'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

const summary = (over: Partial<StudySummary['progress']> = {}): StudySummary => ({
  experimentId: 1,
  name: 'Addition study',
  preset: 'arithmetic-add',
  op: 'add',
  schedule: 'iterations',
  length: 50_000,
  seeds: [0, 1, 2, 3],
  progress: {
    total: 8,
    done: 6,
    missing: 0,
    etaMs: 90_000,
    byStatus: { queued: 0, running: 1, completed: 5, diverged: 1, cancelled: 0, interrupted: 1, failed: 0 },
    ...over
  },
  groups: [
    {
      key: 'nau→nau',
      model: 'nau→nau',
      op: 'add',
      runs: 4,
      judged: 4,
      solved: 3,
      rate: 0.75,
      ci: wilsonInterval(3, 4),
      unjudged: 0,
      solvedAt: { q1: 17_500, median: 18_000, q3: 19_500 },
      sparsityErrorMean: 3.2e-5,
      paper: {
        paperModel: 'NAU',
        solved: 100,
        seeds: 100,
        rate: 1,
        ci: wilsonInterval(100, 100)!,
        solvedAtMedian: 18_000,
        sparsityErrorMean: 3.2e-5,
        source: 'M&J'
      }
    },
    {
      key: 'nalu→nalu',
      model: 'nalu→nalu',
      op: 'add',
      runs: 4,
      judged: 2,
      solved: 0,
      rate: 0,
      ci: wilsonInterval(0, 2),
      unjudged: 0,
      solvedAt: null,
      sparsityErrorMean: null,
      paper: null
    }
  ],
  interval: 'wilson-95'
})

const curve = (seed: number, scale: number) => ({ runId: seed + 1, seed, x: [0, 1000, 2000], y: [scale, scale / 10, scale / 100] })
const series: StudySeries = {
  experimentId: 1,
  metric: 'extrapMse',
  unit: 'iteration',
  stride: 1,
  groups: [
    {
      key: 'nau→nau',
      model: 'nau→nau',
      op: 'add',
      x: [0, 1000, 2000],
      median: [1, 0.1, 0.01],
      q1: [0.5, 0.05, 0.005],
      q3: [2, 0.2, 0.02],
      count: [4, 4, 4],
      seeds: [curve(0, 1), curve(1, 2), curve(2, 0.5), curve(3, 1)]
    },
    { key: 'nalu→nalu', model: 'nalu→nalu', op: 'add', x: [0, 1000], median: [5, 4], q1: [4, 3], q3: [6, 5], count: [2, 2], seeds: [] }
  ]
}

async function open(api = new FakeLab()) {
  installCanvas()
  if (!api.studies.size) api.studies.set(1, { summary: summary(), series })
  const m = await mountApp('/experiments/1', api)
  current = m.wrapper
  return m
}

describe('Study page', () => {
  it('shows progress, and per model the rate with its Wilson interval beside the paper’s', async () => {
    const { wrapper } = await open()
    expect(wrapper.get('h1').text()).toBe('Addition study')
    const progress = wrapper.get('.study-progress')
    expect(progress.text()).toContain('6 / 8 runs done')
    expect(progress.text()).toContain('1 running, 1 interrupted')
    expect(progress.text()).toContain('ETA 1 min 30 s')
    expect(progress.text()).toContain('Seeds 0-3 (4) × 2 models')
    const rows = wrapper.findAll('table.rates tbody tr')
    expect(rows.map((r) => r.attributes('data-model'))).toEqual(['nau→nau', 'nalu→nalu'])
    const nau = rows[0].findAll('th, td').map((c) => c.text())
    expect(nau).toEqual([
      'nau→nau',
      '+',
      '4 / 4',
      '3',
      '75 %',
      '30.1 % – 95.4 %',
      '18000',
      '17500 – 19500',
      '3.20e-5',
      '100 % (96.3 % – 100 %) · NAU'
    ])
    expect(rows[1].text()).toContain('not in the paper')
    expect(wrapper.get('table.rates caption').text()).toContain('Wilson’s score interval, 95 %')
    // one colour per model, the palette's
    const swatch = rows[0].get('.swatch').element as HTMLElement
    const probe = document.createElement('span')
    probe.style.background = modelColor('nau→nau', 'light')
    expect(swatch.style.background).toBe(probe.style.background)
  })

  it('draws per model the median line over the quartile band, and each seed on demand', async () => {
    const { wrapper, api } = await open()
    const chart = () => Chart.getChart(wrapper.get('.study-chart canvas').element as HTMLCanvasElement)!
    expect(chart().data.datasets.map((d) => d.label)).toEqual(['nau→nau median', 'nalu→nalu median'])
    expect(chart().data.datasets[0].borderColor).toBe(modelColor('nau→nau', 'light'))
    expect(chart().data.datasets[0].data).toEqual([
      { x: 0, y: 1 },
      { x: 1000, y: 0.1 },
      { x: 2000, y: 0.01 }
    ])
    expect((chart().options.scales as { x: { title: { text: string } } }).x.title.text).toBe('Iteration')
    expect(wrapper.get('.study-chart canvas').attributes('aria-label')).toContain('nau→nau: 4 seeds')
    expect(api.callsOf('studies.series').at(-1)).toEqual({ experimentId: 1, metric: 'extrapMse', seeds: false })

    await wrapper.get('input[name="study-seeds"]').setValue(true)
    await settle()
    expect(api.callsOf('studies.series').at(-1)).toMatchObject({ seeds: true })
    expect(chart().data.datasets.map((d) => d.label)).toEqual([
      'nau→nau · seed 0',
      'nau→nau · seed 1',
      'nau→nau · seed 2',
      'nau→nau · seed 3',
      'nau→nau median',
      'nalu→nalu median'
    ])

    await wrapper.get('select[name="study-metric"]').setValue('interpMse')
    await settle()
    expect(api.callsOf('studies.series').at(-1)).toMatchObject({ metric: 'interpMse', seeds: true })
  })

  it('adds seeds from a range, refusing one it cannot read, and resumes a study with stopped runs', async () => {
    const { wrapper, api } = await open()
    const input = wrapper.get('input[name="add-seeds"]')
    expect(input.attributes('placeholder')).toBe('4-7')
    await input.setValue('9-5')
    await wrapper.get('form.actions').trigger('submit')
    await settle()
    expect(wrapper.get('.study-progress [role="alert"]').text()).toBe('Seeds range 9-5 runs backwards.')
    expect(api.callsOf('studies.addSeeds')).toEqual([])

    await input.setValue('4-5, 9')
    await wrapper.get('form.actions').trigger('submit')
    await settle()
    expect(api.callsOf('studies.addSeeds')).toEqual([{ experimentId: 1, seeds: [4, 5, 9] }])
    expect(wrapper.get('[role="status"]').text()).toBe('Queued 3 runs for 3 new seeds.')

    await buttonNamed(wrapper, 'Resume (1 to run)').trigger('click')
    await settle()
    expect(api.callsOf('studies.resume')).toEqual([{ experimentId: 1 }])
  })

  it('offers no resume when nothing stopped, and says so when the study does not exist', async () => {
    const api = new FakeLab()
    api.studies.set(1, {
      summary: summary({
        byStatus: { queued: 0, running: 0, completed: 7, diverged: 1, cancelled: 0, interrupted: 0, failed: 0 },
        done: 8
      }),
      series
    })
    const { wrapper } = await open(api)
    expect(buttonNamed(wrapper, 'Resume').attributes('disabled')).toBeDefined()
    expect(wrapper.get('.study-progress').text()).not.toContain('ETA')
    current?.unmount()
    const other = new FakeLab()
    other.studies.set(2, { summary: summary(), series })
    const missing = await open(other)
    expect(missing.wrapper.get('[role="alert"]').text()).toContain('Experiment 1 does not exist')
  })

  it('is reached from the History (the seed) and the Live view (the experiment)', async () => {
    const api = new FakeLab()
    api.jobs = [
      {
        runId: 5,
        experimentId: 1,
        experimentName: 'Addition study',
        model: 'nau→nau',
        seed: 0,
        status: 'running',
        epoch: 1000,
        epochs: 50_000,
        elapsedMs: 1000,
        etaMs: 49_000
      }
    ]
    const { wrapper, router } = await open(api)
    await router.push('/live')
    await settle()
    await wrapper.get('a[title="Study: every seed of experiment 1"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/experiments/1')
    api.runs = [makeRun({ id: 3 })]
    await router.push('/history')
    await settle()
    await wrapper.get('a[aria-label="Seed 1: open the study of experiment 1, every seed"]').trigger('click')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/experiments/1')
    expect(wrapper.get('h1').text()).toBe('Addition study')
  })
})
