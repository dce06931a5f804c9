import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { EpochMetrics } from '@shared/domain'
import { setApi } from '../../../src-renderer/api'
import { useCompare } from '../../../src-renderer/stores/compare'
import { FakeLab } from '../support/fakeApi'
import { epochs, makeRun } from '../support/fixtures'

/* Compare's every-epoch path (smoothing, grouping by model, per-output splits): runs.epochs, a run per request, in pieces. */
let api: FakeLab
beforeEach(() => {
  api = new FakeLab()
  setApi(api)
  setActivePinia(createPinia())
})

/** A diverged run's epochs: NaN and ±Infinity in the losses and per-output losses, a sparsity error on some epochs. */
function diverged(n: number): EpochMetrics[] {
  return epochs(n, 3).map((e, i) => ({
    ...e,
    trainMse: i === n - 3 ? Infinity : e.trainMse,
    extrapMse: i >= n - 2 ? NaN : e.extrapMse,
    interpMse: i === 4 ? -Infinity : e.interpMse,
    perOutput: { interp: [NaN, e.perOutput.interp[1], Infinity], extrap: e.perOutput.extrap },
    ...(i % 4 === 0 && { sparsityError: 0.25 / (i + 1) })
  }))
}

describe('compare store, every epoch', () => {
  it('gets every epoch of each run over several pieces, NaN, ±Infinity and per-output losses as stored', async () => {
    api.runs = [makeRun({ id: 1, series: diverged(30) }), makeRun({ id: 2, series: epochs(12, 3) })]
    const compare = useCompare()
    compare.view.smoothing = 0.5
    await compare.load([1, 2], { perOutput: true })
    expect(compare.series.map((s) => s.series)).toEqual(api.runs.map((r) => r.series))
    expect(compare.series[0].series.at(-1)!.extrapMse).toBeNaN()
    // 30 epochs in pieces of 7: five requests, each from the last epoch the page has
    const asked = api.callsOf('runs.epochs').filter((c) => c.id === 1)
    expect(asked).toEqual(
      [undefined, 7, 14, 21, 28].map((after) => ({ id: 1, perOutput: true, ...(after === undefined ? {} : { after }) }))
    )
  })

  it('leaves per-output losses out unless a split asks for them', async () => {
    api.runs = [makeRun({ id: 1, series: epochs(9, 3) })]
    const compare = useCompare()
    compare.view.groupBy = 'model'
    await compare.load([1])
    expect(compare.series[0].series.map((e) => e.perOutput)).toEqual(Array.from({ length: 9 }, () => ({ interp: [], extrap: [] })))
    expect(compare.series[0].series.map((e) => e.extrapMse)).toEqual(api.runs[0].series.map((e) => e.extrapMse))
  })

  it('has at most two requests in flight, whatever the number of runs', async () => {
    api.runs = Array.from({ length: 6 }, (_, i) => makeRun({ id: i + 1, series: epochs(20, 2) }))
    let open = 0
    let most = 0
    const invoke = api.invoke.bind(api)
    const counted: FakeLab['invoke'] = (channel, request) => {
      if (channel !== 'runs.epochs') return invoke(channel, request)
      most = Math.max(most, ++open)
      return invoke(channel, request).finally(() => open--)
    }
    api.invoke = counted
    const compare = useCompare()
    compare.view.smoothing = 0.5
    await compare.load(api.runs.map((r) => r.id))
    expect(compare.series).toHaveLength(6)
    expect(most).toBe(2)
  })

  it('shows the runs that exist and names the missing one', async () => {
    api.runs = [makeRun({ id: 1, series: epochs(10, 3) }), makeRun({ id: 2, series: epochs(10, 3) })]
    const compare = useCompare()
    compare.view.smoothing = 0.5
    await compare.load([1, 77, 2])
    expect(compare.series.map((s) => s.id)).toEqual([1, 2])
    expect(compare.missing).toEqual([77])
    expect(compare.error).toBeNull()
  })

  it('reports another failure instead of leaving the run out', async () => {
    api.runs = [makeRun({ id: 1, series: epochs(10, 3) })]
    api.failures.set('runs.epochs', { code: 'database', message: 'disk I/O error' })
    const compare = useCompare()
    compare.view.smoothing = 0.5
    await compare.load([1])
    expect(compare.error).toMatchObject({ code: 'database' })
    expect(compare.series).toEqual([])
  })
})
