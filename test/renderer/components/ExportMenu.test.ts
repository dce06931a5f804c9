import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { LabApi } from '@shared/api'
import { ApiError } from '@shared/api'
import type { InvokeChannel } from '@shared/contract'
import { FigureOptions } from '@shared/domain'
import { setApi } from '../../../src-renderer/api'
import ExportMenu from '../../../src-renderer/components/ExportMenu.vue'

type Call = { channel: InvokeChannel; request: Record<string, unknown> }
type ExportRequest = { format: string; baseName?: string; [field: string]: unknown }

/** A main side that answers figures.export with a file and figures.save with a path (or a cancel). */
function fakeApi(opts: { transport?: 'electron' | 'browser'; cancel?: boolean; fail?: ApiError } = {}) {
  const calls: Call[] = []
  function answer(channel: InvokeChannel, request: Record<string, unknown>): unknown {
    calls.push({ channel, request })
    if (channel === 'figures.export') {
      if (opts.fail) throw opts.fail
      const r = request as ExportRequest
      return { fileName: `${r.baseName ?? 'fig'}.${r.format}`, mime: 'text/plain', base64: btoa('data') }
    }
    if (channel === 'figures.save') {
      if (opts.fail) throw opts.fail
      const r = request as ExportRequest
      return { path: opts.cancel ? null : `/home/me/${r.baseName ?? 'fig'}.${r.format}` }
    }
    if (channel === 'figures.saveBundle') return { path: opts.cancel ? null : '/home/me/sign-caveat-bundle.zip' }
    if (channel === 'figures.bundle') return { fileName: 'sign-caveat-bundle.zip', mime: 'application/zip', base64: btoa('PK') }
    throw new Error(`unexpected ${channel}`)
  }
  const api: LabApi = {
    transport: opts.transport ?? 'electron',
    // as over a real transport, a thrown failure arrives as a rejected promise
    invoke: (channel, request) => new Promise((resolve) => resolve(answer(channel, request) as never)),
    on: () => () => {},
    onDisconnect: () => () => {}
  }
  setApi(api)
  return calls
}

const options = FigureOptions.parse({ metric: 'extrap', smoothing: 0.5, theme: 'dark', widthPx: 800, heightPx: 500 })
let wrapper: VueWrapper | null = null
function mountMenu(props: Record<string, unknown> = {}) {
  wrapper = mount(ExportMenu, { props: { ids: [4, 2], options, ...props }, attachTo: document.body })
  return wrapper
}
const exportButton = (w: VueWrapper) => w.findAll('button').find((b) => b.text() === 'Export')!
const button = (w: VueWrapper, name: string) => w.findAll('button').find((b) => b.text() === name)!
async function openMenu(w: VueWrapper) {
  await exportButton(w).trigger('click')
  await flushPromises()
}
const exports = (calls: Call[]) =>
  calls.filter((c) => c.channel === 'figures.export' || c.channel === 'figures.save').map((c) => c.request as ExportRequest)

afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('ExportMenu', () => {
  it('is a button named Export that opens the options with focus on the format', async () => {
    fakeApi()
    const w = mountMenu()
    expect(exportButton(w).attributes('aria-expanded')).toBe('false')
    await openMenu(w)
    expect(exportButton(w).attributes('aria-expanded')).toBe('true')
    expect(document.activeElement).toBe(w.find('select[name="format"]').element)
    expect(w.find('[role="group"]').attributes('aria-label')).toBe('Export extrap chart')
  })

  it('exports the chart as shown for one journal column: 3.5 × 2.5 in, 8 pt, 300 DPI, print style even in dark mode', async () => {
    const calls = fakeApi()
    const w = mountMenu()
    await openMenu(w)
    expect(w.text()).toContain('1050 × 750 px at 300 DPI')
    await button(w, 'Save').trigger('click')
    await flushPromises()
    // desktop: drawn and saved on the main side in one call, the file never comes over
    expect(calls.map((c) => c.channel)).toEqual(['figures.save'])
    // 3.5 in = 336 CSS px (1/96 in), 8 pt = 10.67 px, 300 DPI = scale 300/96
    expect(calls[0].request).toEqual({
      ids: [4, 2],
      format: 'png',
      scale: 3.125,
      options: { ...options, theme: 'print', widthPx: 336, heightPx: 240, fontSize: (8 * 96) / 72 }
    })
    expect(w.find('[role="group"]').exists()).toBe(false)
    expect(document.activeElement).toBe(exportButton(w).element)
  })

  it('takes a custom size in cm, a font size in points and a DPI', async () => {
    const calls = fakeApi()
    const w = mountMenu()
    await openMenu(w)
    await w.find('select[name="size"]').setValue('custom')
    await w.find('select[name="unit"]').setValue('cm')
    await w.find('input[name="width"]').setValue(17.78)
    await w.find('input[name="height"]').setValue(10.16)
    await w.find('input[name="font-pt"]').setValue(10)
    await w.find('input[name="dpi"]').setValue(600)
    expect(w.text()).toContain('4200 × 2400 px at 600 DPI')
    expect(w.text()).toContain('17.8 × 10.2 cm, text 10 pt')
    await button(w, 'Save').trigger('click')
    await flushPromises()
    expect(exports(calls)[0]).toMatchObject({ scale: 6.25, options: { widthPx: 672, heightPx: 384, fontSize: (10 * 96) / 72 } })
  })

  it('keeps the screen size and its text size when asked, with the screen theme if print style is off', async () => {
    const calls = fakeApi()
    const w = mountMenu()
    await openMenu(w)
    await w.find('select[name="format"]').setValue('svg')
    expect(w.find('input[name="dpi"]').exists()).toBe(false)
    await w.find('select[name="size"]').setValue('screen')
    await w.find('input[name="print"]').setValue(false)
    await button(w, 'Save').trigger('click')
    await flushPromises()
    expect(exports(calls)[0]).toMatchObject({ format: 'svg', options: { ...options, theme: 'dark', widthPx: 800, heightPx: 500 } })
    expect((exports(calls)[0].options as FigureOptions).fontSize).toBeCloseTo(options.fontSize, 6)
  })

  it('refuses a DPI or font size out of range before sending anything', async () => {
    const calls = fakeApi()
    const w = mountMenu()
    await openMenu(w)
    await w.find('input[name="dpi"]').setValue(5000)
    expect(w.find('[role="alert"]').text()).toMatch(/DPI must be from 36 to 1536/)
    expect(button(w, 'Save').attributes('disabled')).toBeDefined()
    await w.find('input[name="dpi"]').setValue(300)
    await w.find('input[name="font-pt"]').setValue(2)
    expect(w.find('[role="alert"]').text()).toMatch(/Font size must be from 4 to 36 points/)
    await button(w, 'Save').trigger('click')
    expect(calls).toHaveLength(0)
  })

  it('exports a bundle as one .zip through one save dialog, drawn on the main side from the runs and options', async () => {
    const calls = fakeApi({ transport: 'electron' })
    const w = mountMenu({ setRuns: [{ id: 4, experimentName: 'Sign caveat' }] })
    await openMenu(w)
    await button(w, 'Export bundle').trigger('click')
    await flushPromises()
    expect(calls.map((c) => c.channel)).toEqual(['figures.saveBundle'])
    const req = calls[0].request as { ids: number[]; options: FigureOptions; scale: number }
    expect(req.ids).toEqual([4])
    expect(req.options).toMatchObject({ metric: 'extrap', smoothing: 0.5 })
    expect(req.scale).toBeGreaterThan(0)
  })

  it('exports the figure set as two files, training then extrapolation loss, named after the experiment', async () => {
    const calls = fakeApi()
    const runs = [
      { id: 4, experimentName: 'Mystery NALU' },
      { id: 2, experimentName: 'Mystery NALU' }
    ]
    const w = mountMenu({ setRuns: runs })
    await openMenu(w)
    await w.find('select[name="format"]').setValue('pdf')
    await button(w, 'Export figure set').trigger('click')
    await flushPromises()
    const reqs = exports(calls)
    expect(reqs.map((r) => [r.baseName, (r.options as FigureOptions).metric, r.legend, r.format])).toEqual([
      ['mystery-nalu-train-loss', 'train', 'model', 'pdf'],
      ['mystery-nalu-extrap-loss', 'extrap', 'model', 'pdf']
    ])
    expect(calls.map((c) => c.channel)).toEqual(['figures.save', 'figures.save'])
  })

  it('stops a figure set when the first save dialog is cancelled', async () => {
    const calls = fakeApi({ cancel: true })
    const w = mountMenu({ setRuns: [{ id: 4, experimentName: 'E' }] })
    await openMenu(w)
    await button(w, 'Export figure set').trigger('click')
    await flushPromises()
    expect(exports(calls)).toHaveLength(1)
    expect(w.find('[role="group"]').exists()).toBe(true)
  })

  it('shows the main side’s error in the menu', async () => {
    fakeApi({ fail: new ApiError({ code: 'unavailable', message: 'PNG, SVG and PDF export need the optional native package.' }) })
    const w = mountMenu()
    await openMenu(w)
    await button(w, 'Save').trigger('click')
    await flushPromises()
    expect(w.find('[role="alert"]').text()).toBe('Not available: PNG, SVG and PDF export need the optional native package.')
  })

  describe('in the browser', () => {
    beforeEach(() => {
      vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }))
    })
    afterEach(() => vi.unstubAllGlobals())

    it('downloads the file instead of opening a dialog', async () => {
      const calls = fakeApi({ transport: 'browser' })
      const clicked: string[] = []
      const spy = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        clicked.push(this.download)
      })
      const w = mountMenu()
      await openMenu(w)
      await w.find('select[name="format"]').setValue('csv')
      await button(w, 'Save').trigger('click')
      await flushPromises()
      expect(calls.map((c) => c.channel)).toEqual(['figures.export'])
      expect(clicked).toEqual(['fig.csv'])
      spy.mockRestore()
    })

    it('downloads a bundle as one .zip', async () => {
      const calls = fakeApi({ transport: 'browser' })
      const clicked: string[] = []
      const spy = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
        clicked.push(this.download)
      })
      const w = mountMenu({ setRuns: [{ id: 4, experimentName: 'Sign caveat' }] })
      await openMenu(w)
      await button(w, 'Export bundle').trigger('click')
      await flushPromises()
      expect(calls.map((c) => c.channel)).toEqual(['figures.bundle'])
      expect(clicked).toEqual(['sign-caveat-bundle.zip'])
      spy.mockRestore()
    })
  })

  it('closes on Escape and returns focus to the button', async () => {
    fakeApi()
    const w = mountMenu()
    await openMenu(w)
    await w.find('select[name="format"]').trigger('keydown', { key: 'Escape' })
    expect(w.find('[role="group"]').exists()).toBe(false)
    expect(document.activeElement).toBe(exportButton(w).element)
  })

  it('is disabled while there is nothing to export', () => {
    fakeApi()
    const w = mountMenu({ ids: [] })
    expect(exportButton(w).attributes('disabled')).toBeDefined()
  })
})
