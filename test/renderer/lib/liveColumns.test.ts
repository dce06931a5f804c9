import { describe, expect, it } from 'vitest'
import type { EpochMetrics } from '@shared/domain'
import { LiveColumns } from '../../../src-renderer/lib/liveColumns'
import { LIVE_CAP, LiveTraces } from '../../../src-renderer/lib/liveTraces'

const ep = (epoch: number, train: number): EpochMetrics => ({
  epoch,
  trainMse: train,
  interpMse: train,
  extrapMse: train,
  perOutput: { interp: [train], extrap: [train] },
  wallMs: epoch
})
const run = (from: number, to: number, f: (i: number) => number) =>
  Array.from({ length: to - from + 1 }, (_, k) => ep(from + k, f(from + k)))

describe('live traces', () => {
  it('keeps a run bounded however long it trains, with its extremes and its latest per-output losses', () => {
    const t = new LiveTraces()
    for (let i = 1; i <= 20_000; i += 100)
      t.append(
        1,
        run(i, i + 99, (e) => (e === 7_777 ? 1e9 : 1 / e))
      )
    const trace = t.get(1)!
    expect(trace.epochs.length).toBeLessThanOrEqual(LIVE_CAP)
    expect(t.received(1)).toBe(20_000)
    expect(trace.generation).toBeGreaterThan(0)
    expect(trace.epochs.some((e) => e.trainMse === 1e9)).toBe(true)
    expect(trace.epochs.at(-1)!.epoch).toBe(20_000)
    expect(trace.epochs.at(-1)!.perOutput.interp).toEqual([1 / 20_000])
    expect(trace.epochs[0].perOutput.interp).toEqual([])
  })

  it('merges stored epochs under live ones once, and then no longer misses any', () => {
    const t = new LiveTraces()
    t.append(
      2,
      run(5, 6, (e) => e)
    )
    expect(t.missesEpochs(2, 6)).toBe(true)
    t.seed(
      2,
      run(1, 5, (e) => e)
    )
    expect(t.get(2)!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6])
    expect(t.missesEpochs(2, 6)).toBe(false)
    t.append(
      2,
      run(6, 7, (e) => e)
    )
    expect(t.get(2)!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })
})

describe('live chart columns', () => {
  it('appends new epochs, one min and one max per pixel column, without rewriting closed columns', () => {
    const t = new LiveTraces()
    const line = new LiveColumns('train', true, 1000, 100)
    t.append(
      1,
      run(1, 25, (e) => (e % 2 ? 10 : 1))
    )
    expect(line.sync(t.get(1)!)).toBe(true)
    const firstColumns = line.data.slice(0, 4)
    t.append(
      1,
      run(26, 1000, (e) => (e === 501 ? 1e6 : e % 2 ? 10 : 1))
    )
    line.sync(t.get(1)!)
    // 100 columns of 10 epochs, each with its low (1) and high (10)
    expect(line.data.length).toBe(200)
    expect(line.data.slice(0, 4)).toEqual(firstColumns)
    expect(line.data.some((p) => p.y === 1e6 && p.x === 501)).toBe(true)
    expect(line.sync(t.get(1)!)).toBe(false)
  })

  it('leaves out what a log axis cannot show and starts over after the trace was thinned', () => {
    const t = new LiveTraces()
    const line = new LiveColumns('train', true, 10, 100)
    t.append(1, [ep(1, 1), ep(2, 0), ep(3, NaN), ep(4, -1), ep(5, 2)])
    line.sync(t.get(1)!)
    expect(line.data.map((p) => p.x)).toEqual([1, 5])
    t.seed(1, [ep(1, 3)])
    line.sync(t.get(1)!)
    expect(line.data.map((p) => [p.x, p.y])).toEqual([
      [1, 3],
      [5, 2]
    ])
  })
})
