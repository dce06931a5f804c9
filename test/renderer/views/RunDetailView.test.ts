import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { Chart } from 'chart.js'
import { buttonNamed, mountApp, settle } from '../support/mount'
import { installCanvas } from '../support/canvas'
import { ModelSpec, packEpochs } from '@shared/domain'
import { articlePreset, epochs, makeRun } from '../support/fixtures'
import { FakeLab } from '../support/fakeApi'
import { divergingColour } from '../../../src-renderer/charts/heatmap'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

async function open(path: string, api: FakeLab) {
  const canvas = installCanvas()
  const m = await mountApp(path, api)
  current = m.wrapper
  return { ...m, canvas }
}

describe('Run detail', () => {
  it('shows the curves, the learned weights beside the true configuration and the per-output table', async () => {
    const api = new FakeLab()
    api.runs = [makeRun({ id: 12 })]
    const { wrapper, canvas } = await open('/runs/12', api)
    expect(wrapper.get('h1').text()).toBe('Run 12: nac · seed 1')
    const charts = wrapper
      .findAll('[aria-labelledby="run-curves-heading"] .loss-chart canvas')
      .map((c) => Chart.getChart(c.element as HTMLCanvasElement)!)
    expect(charts).toHaveLength(3)
    expect(charts.map((c) => c.data.datasets[0].data.length)).toEqual([20, 20, 20])
    // and the extrapolation loss of each operation the outputs use, then of each output
    const run = api.runs[0]
    const ops = run.config.kind === 'pairs' ? [...new Set(run.config.outputs.map((o) => o.op))] : []
    const split = () => Chart.getChart(wrapper.get('[aria-labelledby="run-split-heading"] canvas').element as HTMLCanvasElement)!
    expect(split().data.datasets).toHaveLength(ops.length)
    await wrapper.get('select[name="split"]').setValue('output')
    await settle()
    expect(split().data.datasets).toHaveLength(run.outputs)
    const k = 3
    expect((split().data.datasets[k].data[5] as { y: number }).y).toBe(run.series[5].perOutput.extrap[k])

    const maps = wrapper.findAll('figure.heatmap')
    expect(maps.map((f) => f.get('figcaption').text())).toEqual(['Learned: W (effective) · 10 × 100', 'True configuration · 10 × 100'])
    // the learned +0.98 on input 0 of output 0 and the true +1 are both painted on the positive side
    const fills = canvas.calls.filter((c) => c.op === 'fillRect').map((c) => c.fillStyle)
    expect(fills).toContain(divergingColour(0.98, 1))
    expect(fills).toContain(divergingColour(-0.97, 1))
    expect(fills).toContain(divergingColour(1, 1))
    expect(fills).toContain(divergingColour(-1, 1))
    const labels = canvas.calls.filter((c) => c.op === 'fillText').map((c) => c.args[0])
    expect(labels).toContain('y1 = x2 − x3')

    const table = wrapper.get('[aria-labelledby="outputs-heading"]')
    expect(table.text()).toContain('7 of 10 outputs succeeded')
    const rows = table.findAll('tbody tr')
    expect(rows).toHaveLength(10)
    expect(rows[0].text()).toContain('x0 + x1')
    expect(rows[0].text()).toContain('✓')
    expect(rows[9].text()).toContain('✗')
    expect(rows[1].text()).toContain('x3 (-0.97)')
  })

  it('Clone and edit opens New experiment pre-filled with this run’s model and seed', async () => {
    const api = new FakeLab()
    const spec = articlePreset().spec
    api.runs = [makeRun({ id: 4, modelSpec: spec.models[2], seed: 9 })]
    const { wrapper, router } = await open('/runs/4', api)
    await buttonNamed(wrapper, 'Clone and edit').trigger('click')
    await settle()
    expect(router.currentRoute.value.name).toBe('new')
    expect((wrapper.get('#f-name').element as HTMLInputElement).value).toBe('Article experiment (clone of run 4)')
    expect((wrapper.get('#f-seeds').element as HTMLInputElement).value).toBe('9')
    expect(wrapper.text()).toContain('1 run (1 model × 1 seed)')
    expect(wrapper.text()).toContain('nalu(article)')
    expect(wrapper.text()).toContain('Draft started from run 4')
  })

  it('still shows the true configuration for a stacked NAU → NMU model, whose units do not map inputs to outputs', async () => {
    const api = new FakeLab()
    const run = makeRun({ id: 35, modelSpec: ModelSpec.parse({ units: [{ kind: 'nau' }, { kind: 'nmu' }], hidden: 2 }) })
    const w = (rows: number, cols: number) => ({ name: 'W', rows, cols, data: new Array<number>(rows * cols).fill(0.5) })
    run.weights = {
      units: [
        { kind: 'nau', matrices: [w(2, 100)], gates: null },
        { kind: 'nmu', matrices: [w(10, 2)], gates: null }
      ]
    }
    api.runs = [run]
    const { wrapper } = await open('/runs/35', api)
    const captions = wrapper.findAll('figure.heatmap').map((f) => f.get('figcaption').text())
    expect(captions).toEqual(['Learned: W · 2 × 100', 'Learned: W · 10 × 2', 'True configuration · 10 × 100'])
    expect(wrapper.text()).toContain('No single unit of this model maps the inputs to the outputs')
  })

  it('shows gate values for a gated unit', async () => {
    const api = new FakeLab()
    const run = makeRun({ id: 5 })
    run.weights!.units[0] = { ...run.weights!.units[0], kind: 'nalu', gates: [0.97, 0.95, 0.02, 1, 1, 0, 1, 1, 0, 1] }
    api.runs = [run]
    const { wrapper } = await open('/runs/5', api)
    const gates = wrapper.get('.gates')
    expect(gates.text()).toContain('Gate values (nalu)')
    expect(gates.findAll('tbody tr')[2].text()).toContain('0.020')
  })

  it("names a hidden unit's gates h0, h1, … with no true function; the last unit's are the outputs", async () => {
    const api = new FakeLab()
    const run = makeRun({ id: 36, modelSpec: ModelSpec.parse({ units: [{ kind: 'nalu' }, { kind: 'nalu' }], hidden: 2 }) })
    const w = (rows: number, cols: number) => ({ name: 'W', rows, cols, data: new Array<number>(rows * cols).fill(0.5) })
    run.weights = {
      units: [
        { kind: 'nalu', matrices: [w(2, 100)], gates: [0.1, 0.9] },
        { kind: 'nalu', matrices: [w(10, 2)], gates: new Array<number>(10).fill(0.5) }
      ]
    }
    api.runs = [run]
    const { wrapper } = await open('/runs/36', api)
    const [hidden, last] = wrapper.findAll('.gates').map((g) => g.findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => td.text())))
    expect(hidden.map((r) => r.slice(0, 2))).toEqual([
      ['h0', '—'],
      ['h1', '—']
    ])
    expect(last).toHaveLength(10)
    expect(last[0][0]).toBe('y0')
    expect(last[0][1]).not.toBe('—')
  })

  it('follows a running run: the summary counts live epochs, the split keeps the stored per-output losses', async () => {
    const api = new FakeLab()
    const run = makeRun({ id: 70, status: 'running', series: epochs(5) })
    api.runs = [run]
    const info = {
      runId: 70,
      experimentId: 1,
      experimentName: run.experimentName,
      model: run.model,
      seed: run.seed,
      status: 'running' as const,
      epoch: 5,
      epochs: run.epochs,
      elapsedMs: 0,
      etaMs: null
    }
    api.jobs = [info]
    const { wrapper } = await open('/runs/70', api)
    // live epochs carry per-output losses for the newest one only
    const live = epochs(12).slice(5)
    api.emit('jobs.progress', { ...info, epoch: 12, newEpochs: packEpochs(live) })
    await settle()
    // job rows are brought up to date in batches (stores/jobs): the summary follows within a moment
    const epochsFact = () =>
      wrapper
        .findAll('dl > div')
        .find((d) => d.get('dt').text() === 'Epochs')!
        .get('dd')
        .text()
    await vi.waitFor(() => expect(epochsFact()).toBe(`12 / ${run.epochs}`))
    const split = Chart.getChart(wrapper.get('[aria-labelledby="run-split-heading"] canvas').element as HTMLCanvasElement)!
    expect(split.data.datasets.length).toBeGreaterThan(0)
    for (const d of split.data.datasets) expect(d.data.filter((p) => Number.isFinite((p as { y: number }).y))).toHaveLength(5)
    expect(wrapper.get('.split-as-of').text()).toContain('Up to epoch 5')
  })

  it('explains a failed run and still draws the true configuration', async () => {
    const api = new FakeLab()
    api.runs = [makeRun({ id: 6, status: 'failed', error: 'worker exited with code 134' })]
    const { wrapper } = await open('/runs/6', api)
    expect(wrapper.get('.problem').text()).toBe('This run failed: worker exited with code 134')
    expect(wrapper.text()).toContain('No learned weights are stored for this run (failed)')
    expect(wrapper.findAll('figure.heatmap').map((f) => f.get('figcaption').text())).toEqual(['True configuration · 10 × 100'])
  })

  it('says why a run that diverged in its first epoch has no curves, with the epoch and reason', async () => {
    const api = new FakeLab()
    api.runs = [makeRun({ id: 44, status: 'diverged', series: [], divergedAtEpoch: 1, error: 'the training loss became Infinity' })]
    const { wrapper } = await open('/runs/44', api)
    expect(wrapper.get('.problem').text()).toBe('This run diverged at epoch 1: the training loss became Infinity')
    // no empty axes: each chart's place says what happened
    expect(wrapper.findAll('.loss-chart')).toHaveLength(0)
    const empty = wrapper.findAll('.chart-panel .empty').map((p) => p.text())
    expect(empty).toEqual(Array(4).fill('No epochs were recorded: the run diverged before its first epoch ended.'))
  })

  it('says a run does not exist instead of showing a blank view', async () => {
    const { wrapper } = await open('/runs/99', new FakeLab())
    expect(wrapper.get('[role="alert"]').text()).toContain('Not found: Run 99 does not exist')
    expect(wrapper.text()).toContain('Back to History')
  })
})
