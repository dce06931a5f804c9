import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createMemoryHistory } from 'vue-router'
import type { SlurmRunView, SlurmStatus } from '@shared/domain/slurm'
import { setApi } from '../../../../src-renderer/api'
import { createLabRouter } from '../../../../src-renderer/router'
import SlurmPanel from '../../../../src-renderer/components/study/SlurmPanel.vue'
import { FakeLab } from '../../support/fakeApi'
import { buttonNamed, settle } from '../../support/mount'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

const run = (runId: number, task: number, state: string, status: SlurmRunView['status'], done: number): SlurmRunView => ({
  runId,
  experimentId: 1,
  experimentName: 'Addition study',
  model: runId % 2 ? 'nau→nau' : 'nac→nac',
  seed: Math.floor((runId - 1) / 2),
  jobId: '100',
  task,
  state,
  status,
  done,
  length: 5000,
  schedule: 'iterations'
})

/** Job 100 of 3 tasks: task 0 completed its 2 runs, task 1 is running (one run at 2000), task 2 pending. */
function status(over: Partial<SlurmStatus> = {}): SlurmStatus {
  return {
    experimentId: 1,
    available: true,
    note: null,
    polling: true,
    checkedAt: new Date(Date.now() - 8000).toISOString(),
    jobs: [
      {
        jobId: '100',
        submittedAt: '2026-11-30T10:00:00.000Z',
        partition: 'debug',
        tasks: 3,
        taskStates: { COMPLETED: 1, RUNNING: 1, PENDING: 1 },
        activeTasks: [1, 2],
        runs: [
          run(1, 0, 'COMPLETED', 'completed', 5000),
          run(2, 0, 'COMPLETED', 'diverged', 1000),
          run(3, 1, 'RUNNING', 'running', 2000),
          run(4, 1, 'RUNNING', 'queued', 0),
          run(5, 2, 'PENDING', 'queued', 0),
          run(6, 2, 'PENDING', 'queued', 0)
        ]
      }
    ],
    ...over
  }
}

async function open(api: FakeLab, experimentId = 1): Promise<VueWrapper> {
  setApi(api)
  const router = createLabRouter(createMemoryHistory())
  current = mount(SlurmPanel, { props: { experimentId }, global: { plugins: [router] }, attachTo: document.body })
  await settle()
  return current
}

describe('SlurmPanel', () => {
  it('shows the job id, its tasks per Slurm state, runs done on the bar and when Slurm was last asked', async () => {
    const api = new FakeLab()
    api.slurm.set(1, status())
    const w = await open(api)
    expect(w.find('h2').text()).toBe('Slurm')
    expect(w.text()).toContain('Job 100')
    expect(w.text()).toContain('3 array tasks · partition debug')
    expect(w.findAll('.chip').map((c) => c.text())).toEqual(['1 COMPLETED', '1 RUNNING', '1 PENDING'])
    const bar = w.find('progress')
    expect([bar.attributes('value'), bar.attributes('max')]).toEqual(['2', '6'])
    expect(w.text()).toContain('2 / 6 runs done')
    expect(w.text()).toContain('(1 running, 3 queued)')
    expect(w.find('[data-test="slurm-asked"]').text()).toMatch(/^Slurm last asked 8 s ago · asking every few seconds$/)
    expect(w.find('[data-task="1"]').text()).toContain('nau→nau · seed 1 running 2,000/5,000 iterations')
    // only pending or running tasks can be cancelled
    expect(w.findAll('button').map((b) => b.text())).toEqual(['Cancel job 100', 'Cancel task 1', 'Cancel task 2'])
  })

  it('shows nothing for a study that was never submitted to Slurm', async () => {
    const w = await open(new FakeLab())
    expect(w.find('section').exists()).toBe(false)
  })

  it('cancels one task only after confirmation, and the whole array from its own button', async () => {
    const api = new FakeLab()
    api.slurm.set(1, status())
    const w = await open(api)
    await buttonNamed(w, 'Cancel task 2').trigger('click')
    await settle()
    expect(document.querySelector('#confirm-title')?.textContent).toBe('Cancel task 2 of Slurm job 100?')
    await buttonNamed(w, 'Keep running').trigger('click')
    await settle()
    expect(api.callsOf('slurm.cancel')).toEqual([])
    expect(document.querySelector('#confirm-title')).toBeNull()

    await buttonNamed(w, 'Cancel task 2').trigger('click')
    await settle()
    await buttonNamed(w, 'Cancel on Slurm').trigger('click')
    await settle()
    expect(api.callsOf('slurm.cancel')).toEqual([{ experimentId: 1, jobId: '100', task: 2 }])
    expect(w.find('[role="status"]').text()).toMatch(/^Asked Slurm to cancel 100_2: its runs end cancelled/)

    await buttonNamed(w, 'Cancel job 100').trigger('click')
    await settle()
    expect(document.querySelector('#confirm-title')?.textContent).toBe('Cancel Slurm job 100?')
    await buttonNamed(w, 'Cancel on Slurm').trigger('click')
    await settle()
    expect(api.callsOf('slurm.cancel').at(-1)).toEqual({ experimentId: 1, jobId: '100' })
  })

  it("says Slurm's refusal of a cancel in its own words", async () => {
    const api = new FakeLab()
    api.slurm.set(1, status())
    api.failures.set('slurm.cancel', { code: 'unavailable', message: 'scancel failed: Invalid job id specified' })
    const w = await open(api)
    await buttonNamed(w, 'Cancel task 1').trigger('click')
    await settle()
    await buttonNamed(w, 'Cancel on Slurm').trigger('click')
    await settle()
    expect(w.find('[role="alert"]').text()).toBe('Not available: scancel failed: Invalid job id specified')
  })

  it('reads again when the app has asked Slurm', async () => {
    const api = new FakeLab()
    api.slurm.set(1, status())
    const w = await open(api)
    const next = status()
    next.jobs[0].runs = next.jobs[0].runs.map((r) =>
      r.task === 1
        ? { ...r, state: 'COMPLETED', status: 'completed', done: 5000 }
        : r.task === 2
          ? { ...r, state: 'CANCELLED', status: 'cancelled' }
          : r
    )
    next.jobs[0].taskStates = { COMPLETED: 2, CANCELLED: 1 }
    next.jobs[0].activeTasks = []
    api.slurm.set(1, next)
    api.emit('slurm.polled', { experimentIds: [1], at: new Date().toISOString() })
    await new Promise((r) => setTimeout(r, 400))
    await settle()
    // cancelled runs are not done, as on the study's own bar
    expect(w.text()).toContain('4 / 6 runs done(2 cancelled)')
    expect(w.findAll('.chip').map((c) => c.text())).toEqual(['2 COMPLETED', '1 CANCELLED'])
    expect(w.findAll('button')).toHaveLength(0)
  })

  it('without Slurm on this machine it says why and offers no cancel', async () => {
    const api = new FakeLab()
    const note = "Slurm's commands are not on this machine's PATH (sbatch, scontrol, scancel missing)"
    api.slurm.set(1, status({ available: false, polling: false, note }))
    const w = await open(api)
    expect(w.find('.note').text()).toBe(note)
    expect(w.findAll('button')).toHaveLength(0)
  })
})
