import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EpochMetrics } from '@shared/domain'
import { everyEpoch, type EpochPiece } from '@shared/series/epochPiece'
import { base64Length } from '@shared/series/columns'
import { openStore, type LabStore } from '../../../src-main/store'
import { PIECE_BYTES, SLICE_BYTES } from '../../../src-main/store/epochPieces'
import { ENV, epoch, epochs, runsOf, spec } from './fixtures'
import { turnsDuring } from '../../helpers/turns'

/* Every epoch of a run a piece at a time (runs.epochs), read from the real store. */
let store: LabStore
let ids: number[]
beforeEach(() => {
  store = openStore(':memory:')
  const s = spec()
  ids = store.createExperiment(s, runsOf(s)).runIds
  ids.forEach((id) => store.markRunning(id, ENV))
})
afterEach(() => store.close())

/** A diverged run: NaN (kept as NULL) and ±Infinity in the losses and per-output losses, a sparsity error on some epochs. */
function diverged(from: number, to: number, runId: number): EpochMetrics[] {
  return epochs(from, to, runId).map((e) => ({
    ...e,
    trainMse: e.epoch % 97 === 0 ? NaN : e.trainMse,
    extrapMse: e.epoch % 89 === 0 ? Infinity : e.epoch % 83 === 0 ? -Infinity : e.extrapMse,
    perOutput: { interp: [NaN, e.perOutput.interp[1]], extrap: [e.perOutput.extrap[0], -Infinity] },
    ...(e.epoch % 5 === 0 && { sparsityError: 1 / e.epoch })
  }))
}

/** Every piece of a run, as Compare asks for them, and the run they make. */
async function piecesOf(id: number, perOutput: boolean): Promise<{ pieces: EpochPiece[]; run: Awaited<ReturnType<typeof everyEpoch>> }> {
  const pieces: EpochPiece[] = []
  const run = await everyEpoch(async (after) => {
    const p = (await store.epochPiece(id, { after, perOutput }))!
    pieces.push(p)
    return p
  })
  return { pieces, run }
}

describe('epoch pieces', () => {
  it('give what getSeries gives, value for value, with and without per-output losses', async () => {
    store.appendEpochs(ids[0], diverged(1, 3000, ids[0]))
    for (const perOutput of [true, false]) {
      const { pieces, run } = await piecesOf(ids[0], perOutput)
      const [stored] = store.getSeries([ids[0]], { perOutput })
      expect(run).toEqual(stored)
      expect(run.series.filter((e) => Number.isNaN(e.trainMse))).toHaveLength(30)
      expect(pieces.at(-1)!.next).toBeNull()
    }
  })

  it('keep each piece within its bytes, read in slices with a turn of the event loop between them', async () => {
    // 200 outputs: 3.2 kB a row of per-output losses, so a slice is ~29 rows and a piece ~240
    const wide = (n: number): EpochMetrics => ({
      ...epoch(n, ids[1]),
      perOutput: { interp: new Array(200).fill(n), extrap: new Array(200).fill(-n) }
    })
    store.appendEpochs(
      ids[1],
      Array.from({ length: 1000 }, (_, i) => wide(i + 1))
    )
    const { value, turns } = await turnsDuring(() => store.epochPiece(ids[1], { perOutput: true }))
    const first = value!
    const rowBytes = 48 + 200 * 16
    expect(first.points).toBe(Math.floor(PIECE_BYTES / rowBytes))
    expect(first.perOutput!.length).toBeLessThanOrEqual(base64Length(PIECE_BYTES))
    // one turn between each slice of SLICE_BYTES, none after the last
    expect(turns).toBeGreaterThanOrEqual(Math.ceil(first.points / Math.floor(SLICE_BYTES / rowBytes)) - 1)
    const { pieces, run } = await piecesOf(ids[1], true)
    expect(pieces.length).toBe(Math.ceil(1000 / first.points))
    expect(run.series).toEqual(store.getSeries([ids[1]])[0].series)
  })

  it('never mix per-output counts in a piece', async () => {
    store.appendEpochs(ids[2], epochs(1, 10, ids[2]))
    store.appendEpochs(
      ids[2],
      [11, 12].map((n) => ({ ...epoch(n), perOutput: { interp: [1, 2, 3], extrap: [4, 5, 6] } }))
    )
    store.appendEpochs(ids[2], epochs(13, 15, ids[2]))
    const { pieces, run } = await piecesOf(ids[2], true)
    expect(pieces.map((p) => [p.points, p.outputs])).toEqual([
      [10, 2],
      [2, 3],
      [3, 2]
    ])
    expect(run).toEqual(store.getSeries([ids[2]])[0])
  })

  it('carry a run without epochs as one empty piece, and no run as null', async () => {
    expect(await store.epochPiece(ids[3], { perOutput: true })).toMatchObject({ id: ids[3], points: 0, outputs: 0, next: null })
    expect(await store.epochPiece(9999, { perOutput: false })).toBeNull()
  })
})
