import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobProgress } from '@shared/domain'
import { createJobQueue } from '../../../src-main/jobs'
import { nodeSpawner, warmSpawner, WORKER_FILE } from '../../../src-main/jobs/nodeSpawner'
import { autogroupsOn, TRAINING_NICENESS } from '../../../src-main/jobs/priority'
import type { WorkerHandle } from '../../../src-main/jobs/types'
import { WORKER_MALLOC, workerEnv } from '../../../src-main/jobs/workerEnv'
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
  it('forks, from source, a stand-in that runs the TypeScript worker (the build forks out/main/worker.js)', () => {
    expect(WORKER_FILE).toMatch(/worker-\w+\.mjs$/)
    expect(readFileSync(WORKER_FILE, 'utf8')).toMatch(/tools\/source\.mjs"\nawait import\("file:.*src-main\/training\/worker\.ts"\)/)
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
    // the real worker, behind a shim that also notes each 'ready' it sends in a file
    const said = join(dir, 'ready.log')
    const shim = join(dir, 'noting-worker.mjs')
    writeFileSync(
      shim,
      [
        "import { appendFileSync } from 'node:fs'",
        'const send = process.send.bind(process)',
        `process.send = (m, ...rest) => { const r = send(m, ...rest); if (m?.type === 'ready') appendFileSync(${JSON.stringify(said)}, 'ready\\n'); return r }`,
        `await import(${JSON.stringify(pathToFileURL(WORKER_FILE).href)})`,
        ''
      ].join('\n')
    )
    const warm = warmSpawner(nodeSpawner(shim), 2)
    // both have booted and announced themselves, with nobody listening yet, however long that took
    await expect.poll(() => (existsSync(said) ? readFileSync(said, 'utf8') : ''), { timeout: 50_000, interval: 50 }).toBe('ready\nready\n')
    const queue = createJobQueue({ store: lab.store, events: lab.events, spawn: warm.spawn, concurrency: 1 })
    const [id] = createRuns(lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    queue.enqueue([id])
    await queue.idle()
    await queue.close()
    warm.dispose()
    expect(lab.store.getRun(id)?.status).toBe('completed')
  })

  it('forks training processes at a lower CPU priority, on Linux with autogroups in a session of their own, and glibc keeping freed memory', async () => {
    // a child that answers with its own niceness, its autogroup and its session (a message is sent
    // only once fork has returned, so what it reports is what the spawner left it with)
    const report = join(dir, 'report.mjs')
    writeFileSync(
      report,
      [
        "import os from 'node:os'",
        "import { readFileSync } from 'node:fs'",
        "const read = (p) => { try { return readFileSync(p, 'utf8') } catch { return '' } }",
        "const session = (stat) => stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]",
        "process.on('message', () => process.send({ nice: os.getPriority(), autogroup: read('/proc/self/autogroup'), session: session(read('/proc/self/stat')), parentSession: session(read(`/proc/${process.ppid}/stat`)), tunables: process.env.GLIBC_TUNABLES ?? null, extraCerts: process.env.NODE_EXTRA_CA_CERTS ?? null }))",
        ''
      ].join('\n')
    )
    // a certificate file set for this process is not read again by its training processes (jobs/workerEnv.ts)
    const certs = process.env.NODE_EXTRA_CA_CERTS
    process.env.NODE_EXTRA_CA_CERTS = join(dir, 'none.pem')
    let worker: WorkerHandle
    try {
      worker = nodeSpawner(report)()
    } finally {
      if (certs === undefined) delete process.env.NODE_EXTRA_CA_CERTS
      else process.env.NODE_EXTRA_CA_CERTS = certs
    }
    const said = new Promise<{
      nice: number
      autogroup: string
      session: string
      parentSession: string
      tunables: string | null
      extraCerts: string | null
    }>((resolve) => worker.onMessage((m) => resolve(m as never)))
    worker.send({ type: 'tell' })
    const child = await said
    worker.kill()
    expect(child.nice).toBe(TRAINING_NICENESS)
    // the allocator settings of jobs/workerEnv.ts (a user's own GLIBC_TUNABLES is passed on as it is)
    expect(child.tunables).toBe(workerEnv().GLIBC_TUNABLES ?? null)
    if (process.platform === 'linux' && process.env.GLIBC_TUNABLES === undefined) expect(child.tunables).toBe(WORKER_MALLOC)
    expect(child.extraCerts).toBeNull()
    if (autogroupsOn()) {
      expect(child.session).not.toBe(child.parentSession)
      expect(child.autogroup).toMatch(new RegExp(`nice ${TRAINING_NICENESS}\\n?$`))
    }
  })

  it('fails a run cleanly when its process dies', async () => {
    const crash = join(dir, 'crash.mjs')
    writeFileSync(crash, "process.send({ type: 'ready' }); process.on('message', () => process.exit(7))\n")
    const queue = createJobQueue({ store: lab.store, events: lab.events, spawn: nodeSpawner(crash), concurrency: 1, log: () => {} })
    const [id] = createRuns(lab.store, experiment({ models: [{ units: [{ kind: 'nac' }] }] }))
    queue.enqueue([id])
    await queue.idle()
    await queue.close()
    expect(lab.store.getRun(id)).toMatchObject({
      status: 'failed',
      error: 'The training process exited with code 7 before the run ended (epoch 0 of 5 stored)'
    })
  })
})
