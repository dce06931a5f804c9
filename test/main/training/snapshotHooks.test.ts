import { describe, expect, it } from 'vitest'
import { ExperimentSpec, type LearnedWeights } from '@shared/domain'
import { LIVE_SNAPSHOT_MS, SNAPSHOT_BUDGET, snapshotSteps } from '@shared/weights'
import { generateConfig } from '../../../src-main/training/problems'
import { snapshotHooks, WATCH_LEASE_MAX_MS, WatchLeases } from '../../../src-main/training/snapshotHooks'
import { train } from '../../../src-main/training/trainer/train'

const W: LearnedWeights = { units: [] }

/** Asks the hooks at every step 0…last as the trainer does, with a clock advancing `msPerStep`. */
function drive(
  training: { schedule: 'epochs' | 'iterations'; epochs: number; iterations: number },
  msPerStep: number,
  watching: (t: number) => boolean = () => true
) {
  let t = 0
  const sent: { step: number; stored: boolean }[] = []
  const hooks = snapshotHooks(
    training,
    () => t,
    (step, stored) => sent.push({ step, stored }),
    () => watching(t)
  )
  const last = training.schedule === 'iterations' ? training.iterations : training.epochs
  for (let step = 0; step <= last; step++) {
    if (hooks.due(step)) hooks.take(step, W)
    t += msPerStep
  }
  return sent
}

describe('snapshotHooks', () => {
  it('stores the schedule’s steps of a 250-epoch article run and a 5e6-iteration paper run, within the budget', () => {
    const article = drive({ schedule: 'epochs', epochs: 250, iterations: 0 }, 10)
    expect(article.filter((s) => s.stored).map((s) => s.step)).toEqual(snapshotSteps(250))
    const paper = drive({ schedule: 'iterations', epochs: 0, iterations: 5_000_000 }, 0.01)
    const stored = paper.filter((s) => s.stored).map((s) => s.step)
    expect(stored).toEqual(snapshotSteps(5_000_000))
    expect(stored.length).toBeLessThanOrEqual(SNAPSHOT_BUDGET)
    expect(stored.at(-1)).toBe(5_000_000)
  })

  it('sends live snapshots in between at most every LIVE_SNAPSHOT_MS', () => {
    // 5e6 iterations at 0.01 ms: 50 s of training, so about 200 live maps plus the stored ones
    const paper = drive({ schedule: 'iterations', epochs: 0, iterations: 5_000_000 }, 0.01)
    const live = paper.filter((s) => !s.stored)
    expect(live.length).toBeGreaterThan(150)
    expect(live.length).toBeLessThanOrEqual((5_000_000 * 0.01) / LIVE_SNAPSHOT_MS + 1)
  })

  it('sends no live snapshot while nobody watches, and live ones only while a view does', () => {
    const unwatched = drive({ schedule: 'iterations', epochs: 0, iterations: 5_000_000 }, 0.01, () => false)
    expect(unwatched.map((s) => s.step)).toEqual(snapshotSteps(5_000_000))
    expect(unwatched.every((s) => s.stored)).toBe(true)
    // watched from 10 s to 20 s of a 50 s run: about 40 live maps, all in that window
    const window = drive({ schedule: 'iterations', epochs: 0, iterations: 5_000_000 }, 0.01, (t) => t >= 10_000 && t < 20_000)
    const live = window.filter((s) => !s.stored).map((s) => s.step * 0.01)
    expect(live.length).toBeGreaterThan(35)
    expect(live.length).toBeLessThanOrEqual(41)
    expect(live.every((t) => t >= 10_000 && t < 20_000)).toBe(true)
    expect(window.filter((s) => s.stored).map((s) => s.step)).toEqual(snapshotSteps(5_000_000))
  })

  it('hands out the weights at the initialisation and after each planned epoch, the last equal to the final weights', async () => {
    const spec = ExperimentSpec.parse({
      name: 'probe',
      problem: {
        kind: 'mystery',
        inDim: 8,
        outDim: 3,
        ops: ['add', 'sub'],
        train: { size: 64, range: { lo: -10, hi: 10 } },
        interp: { size: 32, range: { lo: -10, hi: 10 } },
        extrap: { size: 32, range: { lo: -50, hi: 50 } }
      },
      models: [{ units: [{ kind: 'nac' }] }],
      training: { epochs: 4, batchSize: 32, optimizer: { kind: 'adam', lr: 0.05 } },
      seeds: [3]
    })
    const got: { step: number; weights: LearnedWeights }[] = []
    const result = await train(
      { spec, modelSpec: spec.models[0], seed: 3, config: generateConfig(spec.problem, 3) },
      { snapshots: { due: () => true, take: (step, weights) => got.push({ step, weights }) } }
    )
    expect(got.map((g) => g.step)).toEqual([0, 1, 2, 3, 4])
    expect(got[4].weights).toEqual(result.weights)
    expect(got[0].weights.units[0].matrices[0].data).not.toEqual(got[4].weights.units[0].matrices[0].data)
  })
})

describe('a gated unit’s snapshots', () => {
  it.each([
    ['epochs', { epochs: 6 }],
    ['iterations', { schedule: 'iterations', iterations: 60, evalEvery: 10 }]
  ])('carry the same mean gates as a forward pass of their own would (%s)', async (_, schedule) => {
    const spec = ExperimentSpec.parse({
      name: 'gates',
      problem: {
        kind: 'mystery',
        inDim: 8,
        outDim: 3,
        ops: ['add', 'mul'],
        train: { size: 64, range: { lo: -3, hi: 3 } },
        interp: { size: 40, range: { lo: -3, hi: 3 } },
        extrap: { size: 1500, range: { lo: -9, hi: 9 } }
      },
      models: [{ units: [{ kind: 'nalu', variant: 'article' }] }, { hidden: 4, units: [{ kind: 'nau' }, { kind: 'nalu' }] }],
      training: { batchSize: 16, optimizer: { kind: 'adam', lr: 0.05 }, ...schedule },
      seeds: [5]
    })
    for (const modelSpec of spec.models) {
      const got: { step: number; weights: LearnedWeights }[] = []
      const result = await train(
        { spec, modelSpec, seed: 5, config: generateConfig(spec.problem, 5) },
        { snapshots: { due: () => true, take: (step, weights) => got.push({ step, weights }) } }
      )
      const last = got.at(-1)!.weights
      const gates = last.units.map((u) => u.gates)
      expect(gates.at(-1)?.length).toBe(3)
      // the last snapshot's gates come from the evaluation's pass, the final weights' from their own: the same bits
      expect(last).toEqual(result.weights)
      // and they move with training
      expect(got[0].weights.units.at(-1)?.gates).not.toEqual(gates.at(-1))
    }
  })
})

describe('WatchLeases (who watches which run, in a training process)', () => {
  it('watches a run until its lease runs out or is ended, and caps a lease', () => {
    let t = 0
    const leases = new WatchLeases(() => t)
    expect(leases.watching(4)).toBe(false)
    leases.watch(4, 5000)
    t = 4999
    expect(leases.watching(4)).toBe(true)
    expect(leases.watching(5)).toBe(false)
    t = 5000
    expect(leases.watching(4)).toBe(false)
    // renewed, then ended by the view
    leases.watch(4, 5000)
    expect(leases.watching(4)).toBe(true)
    leases.watch(4, 0)
    expect(leases.watching(4)).toBe(false)
    // a lease longer than the cap lasts the cap
    leases.watch(4, 10 * WATCH_LEASE_MAX_MS)
    t += WATCH_LEASE_MAX_MS
    expect(leases.watching(4)).toBe(false)
  })
})

describe('live snapshots of a big model', () => {
  it('come less often, so that the wire carries at most LIVE_VALUES_PER_SECOND numbers a second', async () => {
    const { LIVE_VALUES_PER_SECOND } = await import('../../../src-main/training/snapshotHooks')
    const big: LearnedWeights = {
      units: [{ kind: 'nac', gates: null, matrices: [{ name: 'W', rows: 200, cols: 1000, data: new Array(200_000).fill(0) }] }]
    }
    let t = 0
    const live: number[] = []
    const hooks = snapshotHooks(
      { schedule: 'epochs', epochs: 100_000, iterations: 0 },
      () => t,
      (step, stored) => {
        if (!stored) live.push(step)
      },
      () => true
    )
    for (let step = 0; step <= 100_000; step++) {
      if (hooks.due(step)) hooks.take(step, big)
      t += 1 // 100 s of training
    }
    // one map a second instead of four
    expect(live.length * 200_000).toBeLessThanOrEqual(LIVE_VALUES_PER_SECOND * 100 + 200_000)
    expect(live.length).toBeGreaterThan(80)
  })
})
