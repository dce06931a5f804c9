import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import type { LabApi } from '../../../src-shared/api'
import { ApiError } from '../../../src-shared/api'
import type { InvokeChannel } from '../../../src-shared/contract'
import { FigureOptions } from '../../../src-shared/domain'
import { setApi } from '../../../src-renderer/api'
import ExportMenu from '../../../src-renderer/components/ExportMenu.vue'

type Call = { channel: InvokeChannel; request: Record<string, unknown> }

/** A main side that answers figures.export with a file and files.save with a path (or a cancel). */
function fakeApi(opts: { transport?: 'electron' | 'browser'; cancel?: boolean; fail?: ApiError } = {}) {
  const calls: Call[] = []
  const api: LabApi = {
    transport: opts.transport ?? 'electron',
    async invoke(channel, request) {
      calls.push({ channel, request: request as Record<string, unknown> })
      if (channel === 'figures.export') {
        if (opts.fail) throw opts.fail
        const r = request as { format: string; baseName?: string }
        return { fileName: `${r.baseName ?? 'fig'}.${r.format}`, mime: 'text/plain', base64: btoa('data') } as never
      }
      if (channel === 'files.save') return { path: opts.cancel ? null : `/home/me/${(request as { fileName: string }).fileName}` } as never
      throw new Error(`unexpected ${channel}`)
    },
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
const exports = (calls: Call[]) => calls.filter((c) => c.channel === 'figures.export').map((c) => c.request)

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

  it('exports the chart as shown (same runs and options), PNG at 2× by default, then saves it', async () => {
    const calls = fakeApi()
    const w = mountMenu()
    await openMenu(w)
    await button(w, 'Save').trigger('click')
    await flushPromises()
    expect(calls.map((c) => c.channel)).toEqual(['figures.export', 'files.save'])
    expect(calls[0].request).toEqual({ ids: [4, 2], format: 'png', options, scale: 2 })
    expect(calls[1].request).toMatchObject({ fileName: 'fig.png' })
    expect(w.find('[role="group"]').exists()).toBe(false)
    expect(document.activeElement).toBe(exportButton(w).element)
  })

  it('turns a DPI at a width in inches into a scale and shows the pixel size', async () => {
    const calls = fakeApi()
    const w = mountMenu()
    await openMenu(w)
    await w.find('select[name="resolution"]').setValue('dpi')
    const [dpi, inches] = w.findAll('input[type="number"]')
    await dpi.setValue(300)
    await inches.setValue(4)
    expect(w.text()).toContain('1200 × 750 px')
    await button(w, 'Save').trigger('click')
    await flushPromises()
    expect(exports(calls)[0].scale).toBe(1.5)
  })

  it('refuses a resolution beyond 16× before sending anything', async () => {
    const calls = fakeApi()
    const w = mountMenu()
    await openMenu(w)
    await w.find('select[name="resolution"]').setValue('dpi')
    const [dpi, inches] = w.findAll('input[type="number"]')
    await dpi.setValue(2400)
    await inches.setValue(40)
    expect(w.find('[role="alert"]').text()).toMatch(/16×/)
    expect(button(w, 'Save').attributes('disabled')).toBeDefined()
    await button(w, 'Save').trigger('click')
    expect(calls).toHaveLength(0)
  })

  it('applies print style and font size to vector exports', async () => {
    const calls = fakeApi()
    const w = mountMenu()
    await openMenu(w)
    await w.find('select[name="format"]').setValue('svg')
    expect(w.find('select[name="resolution"]').exists()).toBe(false)
    await w.find('input[type="checkbox"]').setValue(true)
    await w.find('input[type="number"]').setValue(16)
    await button(w, 'Save').trigger('click')
    await flushPromises()
    expect(exports(calls)[0]).toMatchObject({ format: 'svg', options: { ...options, theme: 'print', fontSize: 16 } })
  })

  it('exports the figure set as two files, training then extrapolation loss, named after the experiment', async () => {
    const calls = fakeApi()
    const runs = [{ id: 4, experimentName: 'Mystery NALU' }, { id: 2, experimentName: 'Mystery NALU' }]
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
    expect(calls.filter((c) => c.channel === 'files.save').map((c) => c.request.fileName)).toEqual([
      'mystery-nalu-train-loss.pdf', 'mystery-nalu-extrap-loss.pdf'
    ])
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
