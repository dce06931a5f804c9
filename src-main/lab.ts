import { availableParallelism } from 'node:os'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { AppInfo } from '@shared/contract'
import { Router } from './ipc/router'
import { EventHub } from './ipc/events'
import type { LabContext } from './ipc/context'
import { openStore } from './store'
import { createJobQueue } from './jobs'
import type { SpawnWorker } from './jobs/types'
import { availableBackends } from './config/backends'
import { setupApp } from './features/app'
import { setupFiles } from './features/files'
import { setupPresets } from './features/presets'
import { setupExperiments } from './features/experiments'
import { setupJobs } from './features/jobs'
import { setupRuns } from './features/runs'
import { setupBundles } from './features/bundles'
import { setupFigures } from './features/figures'
import { setupStudies } from './features/studies'
import { setupSnapshots } from './features/snapshots'
import { setupSlurm } from './features/slurm'
import { APP_VERSION } from './version'

export interface LabOptions {
  dbPath: string
  transport: AppInfo['transport']
  spawn: SpawnWorker
  concurrency?: number
  /** Validate handler responses and event payloads against the contract too (tests). */
  strict?: boolean
  saveFile?: LabContext['saveFile']
  /** better-sqlite3 native binding to load (the Electron build of the addon). */
  nativeBinding?: string
  log?: (msg: string) => void
}

export interface Lab extends LabContext {
  close(): Promise<void>
}

/**
 * The composition root shared by the desktop app, browser mode and tests: open the store (which
 * migrates and recovers interrupted runs), start the job queue, register every feature's channels.
 */
export function createLab(opts: LabOptions): Lab {
  if (opts.dbPath !== ':memory:') mkdirSync(dirname(opts.dbPath), { recursive: true })
  // a long-lived process: the full check owed after a crash runs in the background, and WAL
  // checkpoints on a thread of their own (docs/store.md)
  const store = openStore(opts.dbPath, { nativeBinding: opts.nativeBinding, fullCheckInBackground: true, checkpointOnThread: true })
  void store.owedCheck?.then((problem) => problem && (opts.log ?? ((m) => process.stderr.write(`${m}\n`)))(problem))
  const events = new EventHub(opts.strict, opts.log)
  const router = new Router({ checkResponses: opts.strict, log: opts.log })
  const jobs = createJobQueue({ store, events, spawn: opts.spawn, concurrency: opts.concurrency })
  const info: AppInfo = {
    version: APP_VERSION,
    transport: opts.transport,
    dbPath: store.path,
    cores: availableParallelism(),
    backends: availableBackends()
  }
  const ctx: LabContext = { router, events, store, jobs, info, saveFile: opts.saveFile }
  for (const setup of [
    setupApp,
    setupFiles,
    setupPresets,
    setupExperiments,
    setupJobs,
    setupRuns,
    setupBundles,
    setupFigures,
    setupStudies,
    setupSnapshots
  ]) {
    setup(ctx)
  }
  const slurm = setupSlurm(ctx, { log: opts.log })
  router.assertComplete()
  return {
    ...ctx,
    async close() {
      await slurm.stop()
      await jobs.close()
      store.close()
    }
  }
}
