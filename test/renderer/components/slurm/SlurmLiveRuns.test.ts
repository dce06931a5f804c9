import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { SlurmRunView } from '@shared/domain/slurm'
import { FakeLab } from '../../support/fakeApi'
import { mountApp, settle } from '../../support/mount'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

const run = (over: Partial<SlurmRunView>): SlurmRunView => ({
  runId: 7,
  experimentId: 3,
  experimentName: 'Addition study',
  model: 'nau→nau',
  seed: 4,
  jobId: '12',
  task: 3,
  state: 'RUNNING',
  status: 'running',
  done: 4,
  length: 6,
  schedule: 'epochs',
  ...over
})

describe('the Live view with runs on Slurm', () => {
  it('lists each with its array task, Slurm state and reported steps, beside the local jobs', async () => {
    const api = new FakeLab()
    api.slurmLive = {
      available: true,
      note: null,
      polling: true,
      checkedAt: new Date().toISOString(),
      runs: [run({}), run({ runId: 8, task: 4, state: 'PENDING', status: 'queued', done: 0, schedule: 'iterations', length: 5000 })]
    }
    const m = await mountApp('/live', api)
    current = m.wrapper
    const rows = m.wrapper.findAll('tr.slurm-run')
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['7', 'Addition study', 'nau→nau · seed 4', 'Slurm job 12_3 · RUNNING', '67%epoch 4 / 6'],
      ['8', 'Addition study', 'nau→nau · seed 4', 'Slurm job 12_4 · PENDING', '0%iteration 0 / 5,000']
    ])
    const bar = rows[0].find('progress')
    expect([bar.attributes('value'), bar.attributes('max')]).toEqual(['4', '6'])
    expect(rows[0].find('a[href="/experiments/3"]').exists()).toBe(true)
  })

  it('follows the polls: a run that progresses shows its new steps, one that ends leaves the list', async () => {
    const api = new FakeLab()
    api.slurmLive = { available: true, note: null, polling: true, checkedAt: null, runs: [run({})] }
    const m = await mountApp('/live', api)
    current = m.wrapper
    expect(m.wrapper.find('tr.slurm-run').text()).toContain('epoch 4 / 6')
    api.slurmLive = { ...api.slurmLive, runs: [run({ done: 5 })] }
    api.emit('slurm.polled', { experimentIds: [3], at: new Date().toISOString() })
    await new Promise((r) => setTimeout(r, 400))
    await settle()
    expect(m.wrapper.find('tr.slurm-run').text()).toContain('epoch 5 / 6')
    api.slurmLive = { ...api.slurmLive, runs: [] }
    api.emit('runs.changed', { reason: 'imported' })
    await new Promise((r) => setTimeout(r, 400))
    await settle()
    expect(m.wrapper.find('#slurm-live-heading').exists()).toBe(false)
  })

  it('shows no Slurm section when nothing is out on Slurm', async () => {
    const m = await mountApp('/live', new FakeLab())
    current = m.wrapper
    expect(m.wrapper.find('#slurm-live-heading').exists()).toBe(false)
    expect(m.wrapper.text()).toContain('No job is queued or running')
  })
})
