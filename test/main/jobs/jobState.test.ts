import { describe, expect, it } from 'vitest'
import { newJob, timeLeft } from '../../../src-main/jobs/jobState'
import type { RunJobSpec } from '../../../src-main/store/types'

const spec = {
  runId: 1,
  experimentId: 1,
  experimentName: 'E',
  model: 'nac',
  seed: 0,
  spec: { training: { epochs: 100 } }
} as unknown as RunJobSpec

describe('time left of a running job', () => {
  it('does not extrapolate the start-up: a 5 s run of 100 epochs does not read a minute after its first epoch', () => {
    const job = { ...newJob(spec), status: 'running' as const, startedAt: 0 }
    expect(timeLeft(job, 0, 100)).toBeNull()
    // start-up 650 ms, then 45 ms an epoch
    job.epoch = 1
    expect(timeLeft(job, 695, 100)).toBeNull()
    job.epoch = 11
    const left = timeLeft(job, 695 + 450, 100)!
    expect(left).toBeCloseTo(45 * 89, 6)
    expect(left).toBeLessThan(5000)
    job.epoch = 100
    expect(timeLeft(job, 695 + 45 * 99, 100)).toBe(0)
  })
})
