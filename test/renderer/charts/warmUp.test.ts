import { describe, expect, it } from 'vitest'
import { Chart } from 'chart.js'
import { chartsWarmed, warmUpCharts } from '../../../src-renderer/charts/warmUp'
import { framesPending } from '../../../src-renderer/charts/frameQueue'
import { figureOptions } from '../../../src-renderer/lib/figureOptions'
import { installCanvas } from '../support/canvas'

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()))

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
    expect(framesPending()).toBe(0)
    // drawn through the shared config: the theme's background, the lines, the floor note of a loss that reached 0
    expect(calls.some((c) => c.op === 'fillRect' && c.fillStyle === '#16181d')).toBe(true)
    expect(calls.some((c) => c.op === 'fillText' && String(c.args[0]).startsWith('values ≤ 0 drawn at'))).toBe(true)
    // and dropped: no chart is left holding a canvas
    expect(Object.keys(Chart.instances)).toHaveLength(0)
    const drawn = calls.length
    warmUpCharts(figureOptions('interp'))
    await frame()
    expect(calls).toHaveLength(drawn)
  })
})
