import { EventHub } from '../../src-main/ipc/events'
import { Router } from '../../src-main/ipc/router'
import type { LabContext } from '../../src-main/ipc/context'
import type { JobQueue } from '../../src-main/jobs/types'
import type { EventChannel } from '@shared/contract'
import type { LabStore } from '../../src-main/store'

/** runs.* and bundles.* never touch the job queue; any use of it is a test failure. */
const noJobs: JobQueue = {
  enqueue: () => {
    throw new Error('unexpected')
  },
  list: () => {
    throw new Error('unexpected')
  },
  cancel: () => {
    throw new Error('unexpected')
  },
  watchWeights: () => {
    throw new Error('unexpected')
  },
  idle: async () => {},
  close: async () => {}
}

/** A strict router (responses and events checked against the contract) over a real store. */
export function strictContext(store: LabStore): { ctx: LabContext; events: { channel: EventChannel; payload: unknown }[] } {
  const events: { channel: EventChannel; payload: unknown }[] = []
  const hub = new EventHub(true)
  hub.subscribe((channel, payload) => void events.push({ channel, payload }))
  const ctx: LabContext = {
    router: new Router({ checkResponses: true }),
    events: hub,
    store,
    jobs: noJobs,
    info: { version: 'test', transport: 'browser', dbPath: store.path, cores: 1, backends: [] }
  }
  return { ctx, events }
}
