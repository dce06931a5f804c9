import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ExperimentSpec } from '@shared/domain'
import { setupSlurm } from '../../../src-main/features/slurm'
import { commandLineCluster } from '../../../src-main/slurm/cluster'
import { submitExperiment } from '../../../src-main/slurm/submit'
import { openStore } from '../../../src-main/store'
import { findPreset } from '../../../src-main/training/presets'
import { slurmMissing, useTestCluster } from '../../helpers/slurmCluster'
import { invoker } from '../../helpers/invoke'
import { strictContext } from '../../helpers/strictContext'

const missing = slurmMissing()
if (missing) console.warn(missing)

/** The article's problem with NAC runs of `epochs` epochs, one per seed. */
function study(name: string, seeds: number[], epochs: number): ExperimentSpec {
  const preset = findPreset('article')
  if (!preset) throw new Error('no article preset')
  return ExperimentSpec.parse({
    ...preset.spec,
    name,
    seeds,
    models: [{ units: [{ kind: 'nac' }] }],
    training: { ...preset.spec.training, epochs }
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 40_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await read()
    if (ok(v)) return v
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms / 1000} s: ${JSON.stringify(v)}`)
    await sleep(200)
  }
}

const lab = useTestCluster('nalu-slurm-app-', missing)

describe.skipIf(missing !== null)('the app following studies on a real one-node Slurm cluster', () => {
  it('shows their tasks running with their epochs, cancels one task, and collects what ends, on its own', async () => {
    const store = openStore(join(lab.dir, 'lab.db'))
    const { ctx, events } = strictContext(store)
    // two studies: a short one that completes, a long one whose second task the user cancels
    const short = await submitExperiment(store, commandLineCluster(), study('short', [1], 3), {})
    const long = await submitExperiment(store, commandLineCluster(), study('long', [1, 2], 100_000), { runsPerTask: 1 })
    const feature = setupSlurm(ctx, { intervalMs: 300 })
    const { ok: call } = invoker(() => ctx.router)
    try {
      const running = await until(
        'both tasks of the long study training',
        () => call('slurm.status', { experimentId: long.experimentId }),
        (s) => s.jobs[0].runs.every((r) => r.state === 'RUNNING' && r.status === 'running' && r.done > 0)
      )
      expect(running).toMatchObject({ available: true, note: null, polling: true })
      expect(running.jobs[0]).toMatchObject({ jobId: long.jobId, taskStates: { RUNNING: 2 }, activeTasks: [0, 1] })
      const live = await call('slurm.live', {})
      expect(live.runs.filter((r) => r.experimentId === long.experimentId).map((r) => `${r.jobId}_${r.task} ${r.state}`)).toEqual([
        `${long.jobId}_0 RUNNING`,
        `${long.jobId}_1 RUNNING`
      ])

      // the short study came home without anyone running `lab collect`
      const done = await until(
        'the short study collected',
        () => call('slurm.status', { experimentId: short.experimentId }),
        (s) => s.jobs[0].runs[0].status === 'completed'
      )
      expect(done.jobs[0].runs[0]).toMatchObject({ state: 'COMPLETED', done: 3, length: 3 })
      expect(store.getRun(short.tasks[0][0])?.series).toHaveLength(3)

      expect(await call('slurm.cancel', { experimentId: long.experimentId, jobId: long.jobId, task: 1 })).toEqual({
        cancelled: `${long.jobId}_1`
      })
      const cancelledId = long.tasks[1][0]
      await until(
        'the cancelled task collected',
        () => Promise.resolve(store.getRun(cancelledId, { series: false })?.status),
        (s) => s === 'cancelled'
      )
      const cancelled = store.getRun(cancelledId)
      expect(cancelled?.epochsDone).toBeGreaterThan(0)
      expect(cancelled?.series).toHaveLength(cancelled?.epochsDone ?? -1)
      expect(events.some((e) => e.channel === 'runs.changed')).toBe(true)

      await call('slurm.cancel', { experimentId: long.experimentId, jobId: long.jobId })
      const ended = await until(
        'every run collected',
        () => call('slurm.status', { experimentId: long.experimentId }),
        (s) => s.jobs[0].runs.every((r) => r.status === 'cancelled') && !s.polling
      )
      expect(ended.jobs[0]).toMatchObject({ taskStates: { CANCELLED: 2 }, activeTasks: [] })
      expect((await call('slurm.live', {})).runs).toEqual([])
    } finally {
      await feature.stop()
      store.close()
    }
  }, 90_000)
})
