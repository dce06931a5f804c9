import { afterEach, beforeEach } from 'vitest'
import { createJobQueue } from '../../../src-main/jobs'
import type { JobQueue } from '../../../src-main/jobs/types'
import { fakeSpawner, testLab } from './fakes'

/**
 * A fresh job queue for each test, over an in-memory store and fake workers it spawns, closed
 * (queue, then store) after each: `lab` for the store and the events, `fake` to speak for workers.
 */
export function useQueueLab(concurrency: number) {
  let current: { lab: ReturnType<typeof testLab>; fake: ReturnType<typeof fakeSpawner>; queue: JobQueue } | undefined
  beforeEach(() => {
    const lab = testLab()
    const fake = fakeSpawner()
    const queue = createJobQueue({ store: lab.store, events: lab.events, spawn: fake.spawn, concurrency, log: () => {} })
    current = { lab, fake, queue }
  })
  afterEach(async () => {
    await current?.queue.close()
    current?.lab.store.close()
    current = undefined
  })
  const now = () => {
    if (!current) throw new Error('the queue lab exists only during a test')
    return current
  }
  return {
    get lab() {
      return now().lab
    },
    get fake() {
      return now().fake
    },
    get queue() {
      return now().queue
    }
  }
}
