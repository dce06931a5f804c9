import { describe, expect, it } from 'vitest'
import type { Slice } from '../../../../src-main/training/trainer/batches'
import type { Engine } from '../../../../src-main/training/trainer/engine'
import { epochPass, type EpochSums } from '../../../../src-main/training/trainer/epochPass'
import type { EpochBatches } from '../../../../src-main/training/trainer/sampler'

/** Batches of the given sizes and an engine whose loss for batch b is losses[b]; the steps taken are logged. */
function fixture(sizes: number[], losses: number[]) {
  const slices = sizes.map((n, b) => ({ start: b, n }) as Slice)
  const batches = { count: slices.length, batch: (b: number) => slices[b] } as unknown as EpochBatches
  const seen: number[] = []
  const engine = { lossAndGrad: (s: Slice) => (seen.push(s.start), losses[s.start]) } as unknown as Engine
  const steps: number[] = []
  return { batches, engine, seen, steps, step: (epoch: number) => void steps.push(epoch) }
}

describe("one epoch's training steps (trainer/epochPass.ts)", () => {
  it('takes every batch in order, a step after each, and adds up loss × rows and the rows', () => {
    const f = fixture([32, 32, 8], [2, 0.5, 4])
    const sums: EpochSums = { sum: -1, rows: -1 }
    expect(epochPass(f.batches, f.engine, f.step, 7, sums)).toBeNull()
    expect(f.seen).toEqual([0, 1, 2])
    expect(f.steps).toEqual([7, 7, 7])
    expect(sums).toEqual({ sum: 2 * 32 + 0.5 * 32 + 4 * 8, rows: 72 })
  })

  it('stops at the first loss that is NaN or ±Infinity, before its step, and returns it', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const f = fixture([4, 4, 4], [1, bad, 3])
      const sums: EpochSums = { sum: 0, rows: 0 }
      expect(epochPass(f.batches, f.engine, f.step, 1, sums)).toBe(bad)
      expect(f.seen).toEqual([0, 1])
      expect(f.steps).toEqual([1])
    }
  })

  it('gives the sums of each pass alone when one object is reused across epochs', () => {
    const f = fixture([10], [3])
    const sums: EpochSums = { sum: 0, rows: 0 }
    epochPass(f.batches, f.engine, f.step, 1, sums)
    epochPass(f.batches, f.engine, f.step, 2, sums)
    expect(sums).toEqual({ sum: 30, rows: 10 })
  })
})
