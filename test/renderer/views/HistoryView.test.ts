import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { buttonNamed, mountApp, settle } from '../support/mount'
import { installCanvas } from '../support/canvas'
import { makeRun, resetIds } from '../support/fixtures'
import { FakeLab } from '../support/fakeApi'
import { articlePreset } from '../support/fixtures'

/** HistoryFilters' wait for a pause in typing before the free text goes to the store. */
const TEXT_PAUSE_MS = 250

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

/** n runs alternating nac / nalu, with train MSE decreasing in id order. */
function lab(n: number): FakeLab {
  resetIds()
  const api = new FakeLab()
  const spec = articlePreset().spec
  api.runs = Array.from({ length: n }, (_, i) => makeRun({ modelSpec: spec.models[1 + (i % 2)], trainMse: 1000 - i, seed: i % 5 }))
  return api
}

async function open(api: FakeLab) {
  installCanvas()
  const m = await mountApp('/history', api)
  current = m.wrapper
  return m
}

const ids = (w: VueWrapper) => w.findAll('tbody tr[data-run-id]').map((r) => Number(r.attributes('data-run-id')))

describe('History', () => {
  it('pages on the main side: one page of 100 rows, and the next on request', async () => {
    const { wrapper, api } = await open(lab(250))
    expect(ids(wrapper)).toHaveLength(100)
    expect(ids(wrapper)[0]).toBe(250)
    expect(wrapper.text()).toContain('Runs 1–100 of 250')
    await buttonNamed(wrapper, 'Next page').trigger('click')
    await settle()
    expect(api.callsOf('runs.list').at(-1)).toMatchObject({ offset: 100, limit: 100 })
    expect(wrapper.text()).toContain('Runs 101–200 of 250')
    expect(ids(wrapper)[0]).toBe(150)
  })

  it('sorts by a column on click and flips the order on a second click', async () => {
    const { wrapper, api } = await open(lab(30))
    const header = () => wrapper.findAll('th').find((t) => t.text().startsWith('Train MSE'))!
    expect(header().attributes('aria-sort')).toBe('none')
    await header().get('button').trigger('click')
    await settle()
    expect(api.callsOf('runs.list').at(-1)).toMatchObject({ sort: 'trainMse', dir: 'asc' })
    expect(header().attributes('aria-sort')).toBe('ascending')
    expect(ids(wrapper)[0]).toBe(30)
    await header().get('button').trigger('click')
    await settle()
    expect(api.callsOf('runs.list').at(-1)).toMatchObject({ sort: 'trainMse', dir: 'desc' })
    expect(ids(wrapper)[0]).toBe(1)
  })

  it('filters by model, status and free text', async () => {
    const { wrapper, api } = await open(lab(10))
    const select = (label: string) =>
      wrapper
        .findAll('.filters label')
        .find((l) => l.text().startsWith(label))!
        .get('select')
    expect(
      select('Model')
        .findAll('option')
        .map((o) => o.text())
    ).toEqual(['all', 'nac', 'nalu(article)'])
    await select('Model').setValue('nac')
    await settle()
    expect(api.callsOf('runs.list').at(-1)).toMatchObject({ model: 'nac', offset: 0 })
    expect(ids(wrapper)).toEqual([9, 7, 5, 3, 1])
    await select('Status').setValue('failed')
    await settle()
    expect(wrapper.text()).toContain('No runs match.')
    await select('Status').setValue('')
    await settle()
    api.runs[0].notes = 'the lucky seed'
    // the free text goes out after a pause in typing (TEXT_PAUSE_MS), on a clock moved by hand
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const before = api.callsOf('runs.list').length
      await wrapper.get('input[type="search"]').setValue('luck')
      vi.advanceTimersByTime(TEXT_PAUSE_MS - 1)
      await wrapper.get('input[type="search"]').setValue('lucky')
      vi.advanceTimersByTime(TEXT_PAUSE_MS - 1)
      expect(api.callsOf('runs.list')).toHaveLength(before)
      vi.advanceTimersByTime(1)
      expect(api.callsOf('runs.list').slice(before)).toEqual([expect.objectContaining({ model: 'nac', text: 'lucky' })])
    } finally {
      vi.useRealTimers()
    }
    await settle()
    expect(ids(wrapper)).toEqual([1])
  })

  it('shows the answer to the newest request when an older one comes back last', async () => {
    const { wrapper, api } = await open(lab(10))
    // hold every runs.list answer until the test releases it
    const held: (() => void)[] = []
    const answer = api.invoke.bind(api) as (channel: string, request: unknown) => Promise<unknown>
    const holding = (channel: string, request: unknown): Promise<unknown> => {
      if (channel !== 'runs.list') return answer(channel, request)
      return new Promise((resolve, reject) => held.push(() => void answer(channel, request).then(resolve, reject)))
    }
    api.invoke = holding as FakeLab['invoke']
    const model = wrapper
      .findAll('.filters label')
      .find((l) => l.text().startsWith('Model'))!
      .get('select')
    await model.setValue('nac')
    await model.setValue('nalu(article)')
    expect(held).toHaveLength(2)
    held[1]()
    await settle()
    expect(ids(wrapper)).toEqual([10, 8, 6, 4, 2])
    // the stale answer (the nac runs) arrives last and must not replace the page
    held[0]()
    await settle()
    expect(ids(wrapper)).toEqual([10, 8, 6, 4, 2])
    expect(wrapper.text()).toContain('Runs 1–5 of 5')
  })

  it('edits tags and notes in place', async () => {
    const { wrapper, api } = await open(lab(3))
    const row = () => wrapper.get('tr[data-run-id="2"]')
    await row().get('input[aria-label="Add a tag to run 2"]').setValue('baseline')
    await row().get('input[aria-label="Add a tag to run 2"]').trigger('keydown', { key: 'Enter' })
    await settle()
    expect(api.callsOf('runs.update')).toEqual([{ id: 2, tags: ['baseline'] }])
    expect(row().text()).toContain('baseline')
    await buttonNamed(wrapper, 'Remove tag baseline from run 2').trigger('click')
    await settle()
    expect(api.callsOf('runs.update').at(-1)).toEqual({ id: 2, tags: [] })

    await buttonNamed(wrapper, 'Edit notes of run 2').trigger('click')
    await row().get('textarea').setValue('diverged once with lr 0.1')
    await buttonNamed(wrapper, 'Save notes').trigger('click')
    await settle()
    expect(api.callsOf('runs.update').at(-1)).toEqual({ id: 2, notes: 'diverged once with lr 0.1' })
    expect(row().text()).toContain('diverged once with lr 0.1')
  })

  it('asks before deleting, and deletes only on confirmation', async () => {
    const { wrapper, api } = await open(lab(5))
    await wrapper.get('input[aria-label="Select run 4"]').setValue(true)
    await wrapper.get('input[aria-label="Select run 2"]').setValue(true)
    await buttonNamed(wrapper, 'Delete').trigger('click')
    await settle()
    const dialog = wrapper.get('[role="alertdialog"]')
    expect(dialog.text()).toContain('Delete 2 runs')
    expect(document.activeElement?.textContent).toBe('Keep')
    await buttonNamed(wrapper, 'Keep').trigger('click')
    await settle()
    expect(api.callsOf('runs.delete')).toHaveLength(0)
    await buttonNamed(wrapper, 'Delete').trigger('click')
    await settle()
    await wrapper.get('[role="alertdialog"] button.danger').trigger('click')
    await settle()
    expect(api.callsOf('runs.delete')).toEqual([{ ids: [4, 2] }])
    expect(ids(wrapper)).toEqual([5, 3, 1])
    expect(wrapper.text()).toContain('0 selected')
  })

  it('opens Compare with the selected runs, and only with some selected', async () => {
    const { wrapper, router } = await open(lab(5))
    expect(buttonNamed(wrapper, 'Compare').attributes('disabled')).toBeDefined()
    for (const id of [5, 1, 3]) await wrapper.get(`input[aria-label="Select run ${id}"]`).setValue(true)
    await buttonNamed(wrapper, 'Compare').trigger('click')
    await settle()
    expect(router.currentRoute.value.fullPath).toBe('/compare?ids=1,3,5')
  })

  it('shows a refused database as a readable message with a retry, not an empty table', async () => {
    const api = lab(3)
    api.failures.set('runs.list', { code: 'database', message: 'file is not a database: /tmp/x.db' })
    const { wrapper } = await open(api)
    expect(wrapper.get('.load-error').text()).toContain('Database error — file is not a database: /tmp/x.db')
    api.failures.delete('runs.list')
    await buttonNamed(wrapper, 'Retry').trigger('click')
    await settle()
    expect(ids(wrapper)).toEqual([3, 2, 1])
  })
})

describe('History: duration, experiment and the c shortcut', () => {
  it('shows each run’s experiment and how long it trained', async () => {
    resetIds()
    const api = new FakeLab()
    api.runs = [makeRun({ startedAt: '2026-01-01T10:00:00.000Z', endedAt: '2026-01-01T10:01:05.000Z' }), makeRun({})]
    const { wrapper } = await open(api)
    const headers = wrapper.findAll('thead th').map((t) => t.text())
    expect(headers).toContain('Experiment')
    expect(headers).toContain('Duration')
    const cells = (id: number) =>
      wrapper
        .get(`tr[data-run-id="${id}"]`)
        .findAll('td')
        .map((t) => t.text())
    expect(cells(1)).toContain('1 min 5 s')
    expect(cells(1)).toContain(api.runs[0].experimentName)
    // a queued run has not started: no duration
    expect(cells(2)[headers.indexOf('Duration')]).toBe('—')
  })

  it('says why c does nothing when no run is selected', async () => {
    const { wrapper, router } = await open(lab(3))
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'c', bubbles: true }))
    await settle()
    expect(router.currentRoute.value.name).toBe('history')
    expect(wrapper.text()).toContain('Nothing to compare yet')
    expect(wrapper.text()).toContain('Select runs in History, then press Compare.')
  })

  it('warms the charts up while the window is idle, so Compare starts warm', async () => {
    vi.resetModules()
    const idle: (() => void)[] = []
    vi.stubGlobal('requestIdleCallback', (f: () => void) => idle.push(f))
    vi.stubGlobal('cancelIdleCallback', () => undefined)
    try {
      const { mountApp: mount } = await import('../support/mount')
      const { chartsWarmed } = await import('../../../src-renderer/charts/warmUp')
      // the modules were reset: the warm-up queues its frames in a frame queue of its own, which
      // the setup's drain (test/renderer/support/setup.ts) does not see
      const { framesPending } = await import('../../../src-renderer/charts/frameQueue')
      installCanvas()
      current = (await mount('/history', lab(3))).wrapper
      expect(idle).toHaveLength(1)
      expect(chartsWarmed()).toBe(false)
      idle[0]()
      expect(chartsWarmed()).toBe(true)
      // its three frames run before the file's window goes (else a late one finds no document)
      await vi.waitFor(() => expect(framesPending()).toBe(0), { timeout: 5_000 })
      current.unmount()
      current = null
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
