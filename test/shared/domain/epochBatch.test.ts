import { describe, expect, it } from 'vitest'
import { EpochBatch, packEpochs, unpackEpochs, type EpochMetrics } from '@shared/domain'

const epoch = (i: number, extra: Partial<EpochMetrics> = {}): EpochMetrics => ({
  epoch: i * 10,
  trainMse: 1 / (i + 3),
  interpMse: Math.PI * 10 ** -i,
  extrapMse: 0.1 + 0.2 * i,
  perOutput: { interp: [i, 2 * i], extrap: [3 * i, 4 * i] },
  wallMs: 1234.5678901234 * i,
  ...extra
})

const NONE = { interp: [], extrap: [] }

describe('epochs packed for progress events', () => {
  it('comes back value for value, the newest epoch with its per-output losses and the others without', () => {
    const epochs = [0, 1, 2, 3].map((i) => epoch(i, { sparsityError: 0.01 * i }))
    const back = unpackEpochs(EpochBatch.parse(JSON.parse(JSON.stringify(packEpochs(epochs)))))
    expect(back).toEqual([...epochs.slice(0, 3).map((e) => ({ ...e, perOutput: NONE })), epochs[3]])
  })

  it('keeps a diverging run bit for bit: NaN, ±Infinity and -0 (plain JSON turns them into null and 0)', () => {
    const epochs = [epoch(1, { trainMse: NaN, interpMse: Infinity, extrapMse: -Infinity, wallMs: -0 }), epoch(2)]
    const back = unpackEpochs(EpochBatch.parse(JSON.parse(JSON.stringify(packEpochs(epochs)))))
    expect(back[0].trainMse).toBeNaN()
    expect(back[0].interpMse).toBe(Infinity)
    expect(back[0].extrapMse).toBe(-Infinity)
    expect(Object.is(back[0].wallMs, -0)).toBe(true)
  })

  it('carries a sparsity error only where an epoch has one', () => {
    expect(packEpochs([epoch(1), epoch(2)]).sparsity).toBeUndefined()
    expect(unpackEpochs(packEpochs([epoch(1), epoch(2)]))[0]).not.toHaveProperty('sparsityError')
    const back = unpackEpochs(packEpochs([epoch(1), epoch(2, { sparsityError: 0.25 }), epoch(3)]))
    expect(back.map((e) => e.sparsityError)).toEqual([undefined, 0.25, undefined])
  })

  it('packs an empty batch', () => {
    const b = packEpochs([])
    expect(EpochBatch.parse(b)).toEqual({ points: 0, data: '', latest: NONE })
    expect(unpackEpochs(b)).toEqual([])
  })

  it('refuses a batch whose data does not hold `points` epochs', () => {
    const b = packEpochs([epoch(1), epoch(2), epoch(3)])
    expect(EpochBatch.safeParse({ ...b, points: 2 }).success).toBe(false)
    expect(EpochBatch.safeParse({ ...b, sparsity: packEpochs([epoch(1, { sparsityError: 1 })]).sparsity }).success).toBe(false)
    expect(() => unpackEpochs({ ...b, points: 2 })).toThrow(/holds 15 values, not 10/)
  })

  it('is a third of the objects it replaces, with a sparsity error', () => {
    const epochs = Array.from({ length: 300 }, (_, i) => epoch(i, { perOutput: NONE, sparsityError: Math.random() }))
    const packed = JSON.stringify(packEpochs(epochs)).length
    expect(packed).toBeLessThan(JSON.stringify(epochs).length / 2.5)
    // five Float64 columns and a sparsity one, base64: 64 characters an epoch
    expect(packed).toBeLessThan(300 * 65 + 100)
  })
})
