import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type LabStore } from '../../../src-main/store'
import { reduceEpochs } from '@shared/series/minMax'
import { ENV, epochs, runsOf, spec } from './fixtures'

let store: LabStore
let runIds: number[]
beforeEach(() => {
  store = openStore(':memory:')
  const s = spec({ training: { epochs: 30_000, batchSize: 32, optimizer: { kind: 'adam' } } })
  runIds = store.createExperiment(s, runsOf(s)).runIds
  store.markRunning(runIds[0], ENV)
  for (let from = 1; from <= 30_000; from += 1000) store.appendEpochs(runIds[0], epochs(from, from + 999, runIds[0]))
  store.markRunning(runIds[1], ENV)
  store.appendEpochs(runIds[1], epochs(1, 50, runIds[1]))
})
afterEach(() => store.close())

describe('series reduced for a chart', () => {
  it('gives a long run as the min–max columns of its full series, a short one whole, in the order asked', async () => {
    const [short, long] = await store.getSeriesReduced([runIds[1], runIds[0]], { columns: 400, perOutput: false })
    const [full] = store.getSeries([runIds[0]], { perOutput: false })
    expect(short.id).toBe(runIds[1])
    expect(short.series).toEqual(store.getSeries([runIds[1]], { perOutput: false })[0].series)
    expect(long.id).toBe(runIds[0])
    expect(long.series).toEqual(reduceEpochs(full.series, 400))
    expect(long.series.length).toBeLessThan(400 * 6)
    // the extremes of the whole run are in the reduced one
    const max = Math.max(...full.series.map((e) => e.extrapMse))
    expect(Math.max(...long.series.map((e) => e.extrapMse))).toBe(max)
    expect(long.series.at(-1)!.epoch).toBe(30_000)
    // the run's own count travels with its reduced series (Compare's summary shows it)
    expect(long.epochCount).toBe(full.series.length)
  })

  it('leaves out ids that do not exist, and keeps per-output losses only when asked', async () => {
    expect(await store.getSeriesReduced([9999], { columns: 100 })).toEqual([])
    const [withOutputs] = await store.getSeriesReduced([runIds[0]], { columns: 100, perOutput: true })
    expect(withOutputs.series[0].perOutput.interp).toHaveLength(2)
    const [without] = await store.getSeriesReduced([runIds[0]], { columns: 100, perOutput: false })
    expect(without.series[0].perOutput.interp).toHaveLength(0)
  })

  it('lets the event loop run between slices of a long read', async () => {
    let turns = 0
    const tick = setInterval(() => turns++, 0)
    await store.getSeriesReduced([runIds[0]], { columns: 200, perOutput: true })
    clearInterval(tick)
    // 30,000 epochs are read in 4096-epoch slices: the timer got turns in between
    expect(turns).toBeGreaterThanOrEqual(5)
  })
})
