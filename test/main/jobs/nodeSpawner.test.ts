import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobProgress } from '../../../src-shared/domain'
import { createJobQueue } from '../../../src-main/jobs'
import { nodeSpawner, warmSpawner, workerEntry } from '../../../src-main/jobs/nodeSpawner'
import { findPreset } from '../../../src-main/training/presets'
import { createRuns, experiment, testLab } from './fakes'

let lab: ReturnType<typeof testLab>
let dir: string
beforeEach(() => {
  lab = testLab()
  dir = mkdtempSync(join(tmpdir(), 'nalu-spawn-'))
})
afterEach(() => {
  lab.store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('training processes (child_process.fork of the worker)', () => {
  it('forks the TypeScript worker under tsx when running from source', () => {
    const entry = workerEntry()
    expect(entry.file).toMatch(/src-main[\\/]training[\\/]worker\.ts$/)
    expect(entry.execArgv[0]).toBe('--import')
    expect(entry.execArgv[1]).toMatch(/^file:.*tsx/)
  })

  it('uses the built worker.js when it sits beside the running code', () => {
    writeFileSync(join(dir, 'worker.js'), '')
    expect(workerEntry(dir)).toEqual({ file: join(dir, 'worker.js'), execArgv: [] })
  })

  it('trains queued runs in real processes, two at a time, and stores them', async () => {
    const queue = createJobQueue({ store: lab.store, events: lab.events, spawn: nodeSpawner(), concurrency: 2 })
    const ids = createRuns(lab.store, experiment({ training: { epochs: 20, batchSize: 16, optimizer: { kind: 'adam' } } }))
    queue.enqueue(ids)
    await queue.idle()
    await queue.close()
    for (const id of ids) {
      const run = lab.store.getRun(id)
      expect(run).toMatchObject({ status: 'completed', epochsDone: 20, environment: { path: 'fused' } })
      expect(run?.series.map((e) => e.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
      expect(run?.weights?.units).toHaveLength(1)
    }
  })

  it('cancels a running job by ending its process; its epochs so far are kept', async () => {
    const queue = createJobQueue({ store: lab.store, events: lab.events, spawn: nodeSpawner(), concurrency: 1 })
    const { spec } = findPreset('article') as NonNullable<ReturnType<typeof findPreset>>
    const [id] = createRuns(lab.store, { ...spec, models: [spec.models[2]], training: { ...spec.training, epochs: 5000 } })
    queue.enqueue([id])
    // wait for the first progress event, then cancel
    await new Promise<void>((resolve) => {
      lab.events.subscribe((channel, payload) => {
        if (channel === 'jobs.progress' && (payload as JobProgress).epoch > 0) resolve()
      })
    })
    expect(queue.cancel(id)).toBe(true)
    await queue.idle()
    await queue.close()
    const run = lab.store.getRun(id)
    expect(run?.status).toBe('cancelled')
    expect(run?.epochsDone).toBeGreaterThan(0)
    expect(run?.epochsDone).toBeLessThan(5000)
    expect(run?.series).toHaveLength(run?.epochsDone as number)
  })

  it('hands out processes started early without losing what they said before the queue listened', async () => {
    const warm = warmSpawner(nodeSpawner(), 2)
    // long enough for both to boot and announce themselves with nobody listening yet
    await new Promise((r) => setTimeout(r, 1500))
    const queue = createJobQueue({ store: lab.store, events: lab.events, spawn: warm.spawn, concurrency: 1 })
    const [id] = createRuns(lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    queue.enqueue([id])
    await queue.idle()
    await queue.close()
    warm.dispose()
    expect(lab.store.getRun(id)?.status).toBe('completed')
  })

  it('fails a run cleanly when its process dies', async () => {
    const crash = join(dir, 'crash.mjs')
    writeFileSync(crash, "process.send({ type: 'ready' }); process.on('message', () => process.exit(7))\n")
    const queue = createJobQueue({ store: lab.store, events: lab.events, spawn: nodeSpawner({ file: crash, execArgv: [] }), concurrency: 1, log: () => {} })
    const [id] = createRuns(lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    queue.enqueue([id])
    await queue.idle()
    await queue.close()
    expect(lab.store.getRun(id)).toMatchObject({ status: 'failed', error: 'The training process exited with code 7 before the run ended (epoch 0 of 5 stored)' })
  })
})
