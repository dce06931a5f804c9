import { describe, expect, it } from 'vitest'
import { ExperimentSpec } from '@shared/domain'
import type { FromWorker } from '../../../src-main/training/protocol'
import { generateConfig } from '../../../src-main/training/problems'
import { runJob } from '../../../src-main/training/runJob'
import { unpackWeights, type PackedWeights } from '../../../src-main/training/packedWeights'
import { snapshotSteps } from '@shared/weights'
import type { RunJobSpec } from '../../../src-main/store/types'

function spec(training: Record<string, unknown>, models: Record<string, unknown>[] = [{ units: [{ kind: 'nac' }] }]): RunJobSpec {
  const s = ExperimentSpec.parse({
    name: 'job',
    problem: {
      kind: 'mystery',
      inDim: 4,
      outDim: 2,
      ops: ['add'],
      train: { size: 64, range: { lo: -1, hi: 1 } },
      interp: { size: 32, range: { lo: -1, hi: 1 } },
      extrap: { size: 32, range: { lo: -5, hi: 5 } }
    },
    models,
    training,
    seeds: [1]
  })
  return {
    runId: 9,
    experimentId: 1,
    experimentName: 'job',
    spec: s,
    modelSpec: s.models[0],
    model: 'nac',
    seed: 1,
    config: generateConfig(s.problem, 1)
  }
}

describe('runJob (what a training process sends)', () => {
  it('sends started, every epoch in throttled batches, then done', async () => {
    const sent: FromWorker[] = []
    let clock = 0
    // a fake clock: 40 ms per epoch, so epochs go out three at a time (100 ms apart)
    await runJob(
      spec({ epochs: 10, batchSize: 16, optimizer: { kind: 'adam' } }),
      (m) => void sent.push(m),
      () => (clock += 20)
    )
    expect(sent[0]).toMatchObject({ type: 'started', runId: 9, env: { path: 'fused' } })
    const batches = sent.filter((m): m is Extract<FromWorker, { type: 'epochs' }> => m.type === 'epochs')
    expect(batches.flatMap((b) => b.epochs.map((e) => e.epoch))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(batches.length).toBeGreaterThan(1)
    expect(batches.length).toBeLessThan(10)
    const done = sent.at(-1)
    expect(done).toMatchObject({ type: 'done', runId: 9, status: 'completed', error: null })
    expect(done?.type === 'done' && done.weights?.units[0].kind).toBe('nac')
  })

  it('reports a run that cannot start as failed, with the reason', async () => {
    const sent: FromWorker[] = []
    await runJob(spec({ epochs: 2, batchSize: 16, optimizer: { kind: 'adam' }, path: 'fused', backend: 'cpu' }), (m) => void sent.push(m))
    expect(sent).toEqual([{ type: 'failed', runId: 9, error: expect.stringMatching(/backend 'cpu' is a tfjs backend/) }])
  })

  it('sends the stored snapshots always and live ones only while watched, packed as Float32', async () => {
    const job = spec({ epochs: 150, batchSize: 32, optimizer: { kind: 'adam' } })
    const sentBy = async (watching: () => boolean, tick = 300) => {
      const sent: FromWorker[] = []
      let clock = 0
      // 300 ms of fake time per look at the clock: every epoch is past LIVE_SNAPSHOT_MS
      await runJob(
        job,
        (m) => void sent.push(m),
        () => (clock += tick),
        watching
      )
      return sent
    }
    /** each snapshot as sent: alone (`weights`) or with the epochs that went out after it */
    const snapshotsIn = (sent: FromWorker[]) =>
      sent.flatMap((m): { step: number; stored: boolean; weights: PackedWeights }[] =>
        m.type === 'weights' ? [m] : m.type === 'epochs' ? (m.snapshots ?? []).map((s) => ({ ...s, stored: true })) : []
      )
    const weightsOf = async (watching: () => boolean) =>
      (await sentBy(watching)).filter((m): m is Extract<FromWorker, { type: 'weights' }> => m.type === 'weights')
    const quietSent = await sentBy(() => false)
    const quiet = snapshotsIn(quietSent)
    expect(quiet.map((m) => m.step)).toEqual(snapshotSteps(150))
    expect(quiet.every((m) => m.stored && m.weights.values instanceof Float32Array)).toBe(true)
    // nobody watching: none alone, each with the next epochs, every epoch still sent in order
    expect(quietSent.some((m) => m.type === 'weights')).toBe(false)
    const epochs = quietSent.flatMap((m) => (m.type === 'epochs' ? m.epochs.map((e) => e.epoch) : []))
    expect(epochs).toEqual(Array.from({ length: 150 }, (_, i) => i + 1))
    // and where the epochs go out in batches (a real clock's 100 ms), the snapshots ride with them
    const batched = await sentBy(() => false, 7)
    expect(snapshotsIn(batched).map((m) => m.step)).toEqual(snapshotSteps(150))
    expect(batched.filter((m) => m.type === 'epochs').length).toBeLessThan(snapshotSteps(150).length)
    const watched = await weightsOf(() => true)
    expect(watched.filter((m) => !m.stored).length).toBeGreaterThan(0)
    expect(watched.filter((m) => m.stored).map((m) => m.step)).toEqual(snapshotSteps(150))
    // the last stored snapshot is the final weights, to Float32
    const final = (
      await (async () => {
        const sent: FromWorker[] = []
        await runJob(job, (m) => void sent.push(m))
        return sent
      })()
    ).at(-1)
    const last = unpackWeights(quiet.at(-1)!.weights)
    const exact = final?.type === 'done' ? final.weights : null
    expect(last.units[0].matrices[0].data).toEqual(exact?.units[0].matrices[0].data.map((v) => Math.fround(v)))
  })

  it('reports divergence with its epoch', async () => {
    const sent: FromWorker[] = []
    await runJob(
      spec({ epochs: 30, batchSize: 4, optimizer: { kind: 'sgd', lr: 1e3 } }, [{ units: [{ kind: 'linear' }] }]),
      (m) => void sent.push(m)
    )
    const done = sent.at(-1)
    expect(done).toMatchObject({ type: 'done', status: 'diverged', divergedAtEpoch: expect.any(Number), weights: null })
  })
})
