import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RequestOf } from '@shared/contract'
import { everyEpoch } from '@shared/series/epochPiece'
import type { LabStore } from '../../../src-main/store'
import type { LabContext } from '../../../src-main/ipc/context'
import { epochs } from '../store/fixtures'
import { invoker } from '../../helpers/invoke'
import { runsRouter } from './runsRouter'

/* runs.epochs over the strict Router (answers checked against the contract): every epoch of a run, a piece at a time. */
let store: LabStore
let ctx: LabContext
let ids: number[]

beforeEach(() => {
  ;({ store, ctx, ids } = runsRouter())
  // 40,000 epochs, a diverged end: more than one piece even without per-output losses
  const last = epochs(39_991, 40_000, ids[0]).map((e, i) => ({ ...e, trainMse: NaN, extrapMse: i % 2 ? Infinity : NaN }))
  for (let from = 1; from < 39_991; from += 10_000) store.appendEpochs(ids[0], epochs(from, Math.min(from + 9_999, 39_990), ids[0]))
  store.appendEpochs(ids[0], last)
})
afterEach(() => store.close())

const { call, ok } = invoker(() => ctx.router)

describe('runs.epochs', () => {
  it('gives what runs.series gives, in pieces that each pass the contract', async () => {
    for (const perOutput of [false, true]) {
      let pieces = 0
      const run = await everyEpoch((after) => {
        pieces++
        return ok('runs.epochs', { id: ids[0], perOutput, ...(after === undefined ? {} : { after }) })
      })
      expect(pieces).toBeGreaterThan(perOutput ? 3 : 2)
      const [series] = await ok('runs.series', { ids: [ids[0]], perOutput })
      expect(run).toEqual(series)
      expect(run.series.at(-1)!.extrapMse).toBe(Infinity)
      expect(run.series.at(-2)!.trainMse).toBeNaN()
    }
  })

  it('names a run that does not exist', async () => {
    expect(await call('runs.epochs', { id: 9999 })).toEqual({ ok: false, error: { code: 'not_found', message: 'Run 9999 does not exist' } })
  })

  it('refuses a malformed request naming the field', async () => {
    const bad = (r: unknown) => call('runs.epochs', r as RequestOf<'runs.epochs'>)
    expect(await bad({ id: ids[0], after: -1 })).toMatchObject({ ok: false, error: { code: 'invalid', field: 'after' } })
    expect(await bad({ id: ids[0], perOutput: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid', field: 'perOutput' } })
    expect(await bad({ ids: [ids[0]] })).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })
})
