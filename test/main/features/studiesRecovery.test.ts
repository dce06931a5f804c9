import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ResponseOf } from '@shared/contract'
import { setupStudies } from '../../../src-main/features/studies'
import type { LabContext } from '../../../src-main/ipc/context'
import { planRuns } from '../../../src-main/services/experiments'
import { openStore, type LabStore } from '../../../src-main/store'
import { strictContext } from '../../helpers/strictContext'
import { ENV, spec, tempDir } from '../store/fixtures'

let tmp: ReturnType<typeof tempDir>
let store: LabStore
let ctx: LabContext
let events: { channel: string; payload: unknown }[]
beforeEach(() => {
  tmp = tempDir('nalu-study-recovery-')
  store = openStore(join(tmp.dir, 'lab.db'))
  ;({ ctx, events } = strictContext(store))
  ctx.jobs = {
    enqueue: () => {},
    list: () => [],
    cancel: () => false,
    watchWeights: () => false,
    idle: async () => {},
    close: async () => {}
  }
  setupStudies(ctx)
})
afterEach(() => {
  store.close()
  tmp.cleanup()
})

async function summary(experimentId: number): Promise<ResponseOf<'studies.summary'>> {
  const r = await ctx.router.dispatch('studies.summary', { experimentId })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as ResponseOf<'studies.summary'>
}

describe('studies.summary while the app is open', () => {
  it('ends the runs of a `lab run` that died as interrupted, so the study can be resumed; the app’s own runs are left alone', async () => {
    const s = spec({ seeds: [1, 2] })
    const dead = store.createExperiment(s, planRuns(s)).runIds
    const mine = store.createExperiment(s, planRuns(s)).runIds
    store.markRunning(dead[0], ENV)
    store.markRunning(mine[0], ENV)
    // the first study's runs belong to a CLI process that has ended (its pid is gone)
    const gone = spawnSync(process.execPath, ['-e', '']).pid
    const db = new Database(join(tmp.dir, 'lab.db'))
    db.prepare('UPDATE runs SET owner_pid = ?, owner_token = ? WHERE experiment_id = 1').run(gone, 'dead-cli')
    db.close()
    const before = events.length
    const first = await summary(1)
    expect(first.progress.byStatus).toMatchObject({ running: 0, queued: 0, interrupted: dead.length })
    expect(events.slice(before)).toContainEqual({ channel: 'runs.changed', payload: { reason: 'updated' } })
    const second = await summary(2)
    expect(second.progress.byStatus).toMatchObject({ running: 1, queued: mine.length - 1, interrupted: 0 })
  })
})
