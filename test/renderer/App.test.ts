import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { mountApp, settle } from './support/mount'
import { installCanvas } from './support/canvas'
import { makeRun } from './support/fixtures'
import { FakeLab } from './support/fakeApi'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

const listeners: ((e: { matches: boolean }) => void)[] = []
beforeAll(() => {
  // the OS says dark; the app must follow it, and follow a later change too
  window.matchMedia = ((query: string) => ({
    matches: query.includes('dark'),
    media: query,
    addEventListener: (_: string, l: (e: { matches: boolean }) => void) => listeners.push(l),
    removeEventListener: () => undefined
  })) as unknown as typeof window.matchMedia
})

async function open(path: string, api = new FakeLab()) {
  installCanvas()
  const m = await mountApp(path, api)
  current = m.wrapper
  return m
}

async function press(key: string, target: EventTarget = document.body, init: KeyboardEventInit = {}): Promise<void> {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
  await settle()
}

describe('App shell', () => {
  it('follows the OS colour scheme, live', async () => {
    await open('/history')
    expect(document.documentElement.dataset.theme).toBe('dark')
    listeners.forEach((l) => l({ matches: false }))
    await settle()
    expect(document.documentElement.dataset.theme).toBe('light')
  })

  it('navigates with single-key shortcuts, but not while typing in a field', async () => {
    const { router, wrapper } = await open('/new')
    await press('h')
    expect(router.currentRoute.value.name).toBe('history')
    await press('n')
    expect(router.currentRoute.value.name).toBe('new')
    await press('l', wrapper.get('#f-name').element)
    expect(router.currentRoute.value.name).toBe('new')
  })

  it('lists the active shortcuts in a help overlay opened with ?', async () => {
    const { wrapper } = await open('/new')
    await press('?')
    const dialog = wrapper.get('[role="dialog"]')
    const text = dialog.text()
    for (const d of [
      'New experiment',
      'History',
      'Compare the selected runs',
      'Export the first chart of this view',
      'Run the experiment'
    ]) {
      expect(text).toContain(d)
    }
    expect(text).toContain('CtrlEnter')
    await press('Escape')
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false)
  })

  it('runs the experiment with Ctrl+Enter, even from a field', async () => {
    const { api, wrapper, router } = await open('/new')
    await press('Enter', wrapper.get('#f-name').element, { ctrlKey: true })
    expect(api.callsOf('experiments.run')).toHaveLength(1)
    expect(router.currentRoute.value.name).toBe('live')
  })

  it('compares with c and opens the first chart’s Export menu with e', async () => {
    const api = new FakeLab()
    api.runs = [makeRun({ id: 1 }), makeRun({ id: 2 })]
    const { router, wrapper } = await open('/history', api)
    await press('c')
    expect(wrapper.text()).toContain('Nothing to compare yet')
    await wrapper.get('input[aria-label="Select run 1"]').setValue(true)
    await wrapper.get('input[aria-label="Select run 2"]').setValue(true)
    await press('c')
    expect(router.currentRoute.value.fullPath).toBe('/compare?ids=1,2')
    await press('e')
    const menu = wrapper.get('.export-menu [role="group"]')
    expect(menu.attributes('aria-label')).toBe('Export train chart')
  })

  it('shows an active-jobs count in the navigation', async () => {
    const api = new FakeLab()
    api.jobs = [
      {
        runId: 1,
        experimentId: 1,
        experimentName: 'x',
        model: 'nac',
        seed: 1,
        status: 'running',
        epoch: 1,
        epochs: 5,
        elapsedMs: 1,
        etaMs: 4
      }
    ]
    const { wrapper } = await open('/history', api)
    expect(wrapper.get('nav [aria-label="1 active jobs"]').text()).toBe('1')
  })
})
