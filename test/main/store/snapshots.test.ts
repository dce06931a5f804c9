import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openStore, type LabStore } from '../../../src-main/store'
import type { LearnedWeights } from '@shared/domain'
import { SNAPSHOT_BUDGET, snapshotSteps } from '@shared/weights'
import { encodeSnapshot } from '../../../src-main/store/snapshots'
import { packWeights } from '../../../src-main/training/packedWeights'
import { runsOf, spec, tempDir } from './fixtures'

let cleanup: (() => void) | null = null
afterEach(() => cleanup?.())

function fresh(): { store: LabStore; runId: number } {
  const t = tempDir()
  const store = openStore(join(t.dir, 'lab.db'))
  cleanup = () => {
    store.close()
    t.cleanup()
  }
  const s = spec()
  const { runIds } = store.createExperiment(s, runsOf(s))
  return { store, runId: runIds[0] }
}

/** An article-sized NALU: 8 matrices of 10 × 100 and its gates. */
function weights(step: number): LearnedWeights {
  const m = (name: string) => ({
    name,
    rows: 10,
    cols: 100,
    data: Array.from({ length: 1000 }, (_, i) => Math.fround(Math.sin(step + i * 0.37)))
  })
  return {
    units: [
      {
        kind: 'nalu',
        gates: Array.from({ length: 10 }, (_, o) => o / 10),
        matrices: ['W', 'W_a', 'W_m', 'a.Ŵ', 'a.M̂', 'm.Ŵ', 'm.M̂', 'G'].map(m)
      }
    ]
  }
}

describe('weight snapshots in the store', () => {
  it('round-trips a run’s snapshots in step order, values as Float32', () => {
    const { store, runId } = fresh()
    store.snapshots.save(runId, 5, weights(5))
    store.snapshots.save(runId, 0, weights(0))
    const back = store.snapshots.list(runId)
    expect(back.map((s) => s.step)).toEqual([0, 5])
    expect(back[1].weights).toEqual(weights(5))
    const rough: LearnedWeights = { units: [{ kind: 'nac', gates: null, matrices: [{ name: 'W', rows: 1, cols: 2, data: [0.1, NaN] }] }] }
    store.snapshots.save(runId, 6, rough)
    const [x, y] = store.snapshots.list(runId)[2].weights.units[0].matrices[0].data
    expect(x).toBe(Math.fround(0.1))
    expect(y).toBeNaN()
    store.snapshots.clear(runId)
    expect(store.snapshots.list(runId)).toEqual([])
  })

  it('keeps a 250-epoch article run’s schedule within the budget and refuses a snapshot beyond it', () => {
    const { store, runId } = fresh()
    for (const step of snapshotSteps(250)) store.snapshots.save(runId, step, weights(step))
    const { count, bytes } = store.snapshots.size(runId)
    expect(count).toBe(snapshotSteps(250).length)
    // 8000 Float32 values and their layout a snapshot: under 2.2 MB for the whole run
    expect(bytes).toBeLessThan(count * 33_000)
    for (let step = 1000; store.snapshots.size(runId).count < SNAPSHOT_BUDGET; step++) store.snapshots.save(runId, step, weights(0))
    expect(() => store.snapshots.save(runId, 99_999, weights(0))).toThrow(/already has 64 weight snapshots/)
    // replacing a step it has is not a new snapshot
    store.snapshots.save(runId, 0, weights(1))
    expect(store.snapshots.size(runId).count).toBe(SNAPSHOT_BUDGET)
  })

  it('goes with its run when the run is deleted', () => {
    const { store, runId } = fresh()
    store.snapshots.save(runId, 0, weights(0))
    store.markRunning(runId, { path: 'fused', backend: 'fused-js', versions: {} })
    store.finishRun(runId, { status: 'cancelled' })
    store.deleteRuns([runId])
    expect(store.snapshots.size(runId).count).toBe(0)
  })

  it('keeps packed weights as sent, byte for byte what the number arrays store, and reads them back the same', () => {
    const { store, runId } = fresh()
    store.snapshots.save(runId, 0, weights(0))
    store.snapshots.save(runId, 1, packWeights(weights(0)))
    const [a, b] = store.snapshots.list(runId)
    expect(b.weights).toEqual(a.weights)
    expect(b.weights).toEqual(weights(0))
    const bad = { ...packWeights(weights(0)), values: new Float32Array(7999) }
    expect(() => store.snapshots.save(runId, 2, bad)).toThrow(/7999 values where the shapes describe 8000/)
    expect(store.snapshots.size(runId).count).toBe(2)
    const [sent, kept] = [encodeSnapshot(packWeights(weights(3))), encodeSnapshot(weights(3))]
    expect(sent.layout).toBe(kept.layout)
    expect(sent.data.equals(kept.data)).toBe(true)
  })

  it('writes the snapshots that came with a batch of epochs in its transaction, leaving out only the refused ones', () => {
    const { store, runId } = fresh()
    const epoch = (n: number) => ({ epoch: n, trainMse: 1, interpMse: 2, extrapMse: 3, wallMs: n, perOutput: { interp: [1], extrap: [1] } })
    const full = Array.from({ length: SNAPSHOT_BUDGET - 1 }, (_, i) => ({ step: 100 + i, weights: packWeights(weights(i)) }))
    const refused = store.appendEpochs(
      runId,
      [epoch(1), epoch(2)],
      [
        { step: 0, weights: packWeights(weights(0)) },
        { step: 1, weights: { ...packWeights(weights(1)), values: new Float32Array(3) } },
        ...full,
        { step: 99_999, weights: packWeights(weights(2)) }
      ]
    )
    expect(refused).toEqual([
      expect.stringMatching(/^weight snapshot at step 1 unreadable \(snapshot: 3 values where the shapes describe 8000\)/),
      expect.stringMatching(/^weight snapshot at step 99999 not stored \(run \d+ already has 64 weight snapshots/)
    ])
    expect(store.getRun(runId)?.epochsDone).toBe(2)
    expect(store.snapshots.size(runId).count).toBe(SNAPSHOT_BUDGET)
    expect(store.snapshots.list(runId)[0].weights).toEqual(weights(0))
    // snapshots alone, and a batch that fails (an epoch stored twice) keeps none of its snapshots
    store.snapshots.clear(runId)
    expect(store.appendEpochs(runId, [], [{ step: 5, weights: packWeights(weights(5)) }])).toEqual([])
    expect(() => store.appendEpochs(runId, [epoch(2)], [{ step: 6, weights: packWeights(weights(6)) }])).toThrow(
      /Epoch 2 of run \d+ is already stored/
    )
    expect(store.snapshots.list(runId).map((x) => x.step)).toEqual([5])
    expect(() => store.appendEpochs(9999, [], [{ step: 0, weights: packWeights(weights(0)) }])).toThrow(/Run 9999/)
  })
})
