import { afterEach, describe, expect, it, vi } from 'vitest'
import { Chart } from 'chart.js'
import { chartsWarmed, warmUpCharts } from '../../../src-renderer/charts/warmUp'
import { framesPending } from '../../../src-renderer/charts/frameQueue'
import { DENSE_POINTS } from '../../../src-renderer/charts/hairlines'
import { figureOptions } from '../../../src-renderer/lib/figureOptions'
import { installCanvas } from '../support/canvas'

/** a frame and the job that runs just after it */
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)))

describe('warmUpCharts', () => {
  it('builds one throwaway chart with the figure config, in a frame of its own, once per page', async () => {
    const { calls } = installCanvas()
    const options = figureOptions('train', { theme: 'dark' })
    warmUpCharts(options)
    warmUpCharts(options)
    expect(chartsWarmed()).toBe(true)
    // queued, not run: the caller's frame stays as short as it was
    expect(calls).toHaveLength(0)
    expect(framesPending()).toBe(1)
    await frame()
    // the config in one frame, the chart in the next
    expect(calls).toHaveLength(0)
    expect(framesPending()).toBe(1)
    await frame()
    // drawn through the shared config: the theme's background, the lines, the floor note of a loss that reached 0
    expect(calls.some((c) => c.op === 'fillRect' && c.fillStyle === '#16181d')).toBe(true)
    expect(calls.some((c) => c.op === 'fillText' && String(c.args[0]).startsWith('values ≤ 0 drawn at'))).toBe(true)
    // then a dense chart, whose lines its plugin draws point by point (charts/denseLines.ts), in a frame of its own
    expect(framesPending()).toBe(1)
    const before = calls.filter((c) => c.op === 'lineTo').length
    await frame()
    expect(framesPending()).toBe(0)
    expect(calls.filter((c) => c.op === 'lineTo').length - before).toBeGreaterThanOrEqual(DENSE_POINTS - 2)
    // and dropped: no chart is left holding a canvas
    expect(Object.keys(Chart.instances)).toHaveLength(0)
    const drawn = calls.length
    warmUpCharts(figureOptions('interp'))
    await frame()
    expect(calls).toHaveLength(drawn)
  })

  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  /**
   * The warm-up's charts, drawn: a frame job still queued when the test ends runs after jsdom's
   * window is gone (an uncaught "requestAnimationFrame is not defined" that fails the whole run).
   */
  async function drained(): Promise<void> {
    const queue = await import('../../../src-renderer/charts/frameQueue')
    await vi.waitFor(() => expect(queue.framesPending()).toBe(0), { timeout: 5_000 })
  }

  it('warms up once the window is idle, and not at all for a page left before', async () => {
    vi.resetModules()
    const warm = await import('../../../src-renderer/charts/warmUp')
    const idle: (() => void)[] = []
    vi.stubGlobal('requestIdleCallback', (f: () => void) => idle.push(f))
    vi.stubGlobal('cancelIdleCallback', (h: number) => idle.splice(h - 1, 1))
    const cancel = warm.warmUpWhenIdle(figureOptions('train'))
    expect(warm.chartsWarmed()).toBe(false)
    cancel()
    expect(idle).toHaveLength(0)
    warm.warmUpWhenIdle(figureOptions('train'))
    expect(warm.chartsWarmed()).toBe(false)
    idle.forEach((f) => f())
    expect(warm.chartsWarmed()).toBe(true)
    await drained()
  })

  it('falls back to a timer where there is no idle callback', async () => {
    vi.resetModules()
    const warm = await import('../../../src-renderer/charts/warmUp')
    vi.stubGlobal('requestIdleCallback', undefined)
    vi.useFakeTimers()
    warm.warmUpWhenIdle(figureOptions('train'))
    expect(warm.chartsWarmed()).toBe(false)
    vi.advanceTimersByTime(1000)
    expect(warm.chartsWarmed()).toBe(true)
    vi.useRealTimers()
    await drained()
  })
})
