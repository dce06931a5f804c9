import { afterEach, describe, expect, it, vi } from 'vitest'
import { LAYOUT_ALONE_MS, splitDraw } from '../../../src-renderer/charts/splitDraw'
import { framesPending } from '../../../src-renderer/charts/frameQueue'

/** a frame and the job that runs just after it */
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)))

/** A chart as Chart.js is one here: update() lays out for `layoutMs`, then draws unless a plugin's beforeRender says no. */
function fakeChart(split: ReturnType<typeof splitDraw>, layoutMs: number) {
  const done: string[] = []
  let clock = 0
  vi.spyOn(performance, 'now').mockImplementation(() => clock)
  const render = () => {
    if (split.plugin.beforeRender?.({} as never, { cancelable: true }, {}) === false) return
    done.push('draw')
  }
  return {
    done,
    update: () => {
      clock += layoutMs
      done.push('layout')
      render()
    },
    render
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('splitDraw', () => {
  it('draws a quick layout at once, once', () => {
    const split = splitDraw()
    const chart = fakeChart(split, LAYOUT_ALONE_MS - 5)
    split.update(chart)
    expect(chart.done).toEqual(['layout', 'draw'])
    expect(framesPending()).toBe(0)
  })

  it('draws a long layout in the next frame, and once however many layouts wait for it', async () => {
    const split = splitDraw()
    const chart = fakeChart(split, LAYOUT_ALONE_MS + 15)
    split.update(chart)
    split.update(chart)
    expect(chart.done).toEqual(['layout', 'layout'])
    await frame()
    expect(chart.done).toEqual(['layout', 'layout', 'draw'])
    expect(framesPending()).toBe(0)
  })

  it('holds only its own update: Chart.js draws as usual otherwise (a resize, a hover), and a cancelled drawing never comes', async () => {
    const split = splitDraw()
    const chart = fakeChart(split, LAYOUT_ALONE_MS + 15)
    chart.render()
    expect(chart.done).toEqual(['draw'])
    split.update(chart)
    split.cancel()
    await frame()
    expect(chart.done).toEqual(['draw', 'layout'])
  })
})
