import { describe, expect, it } from 'vitest'
import { WORKER_MALLOC, workerEnv } from '../../../src-main/jobs/workerEnv'

describe('a training process’s environment (glibc keeps freed memory)', () => {
  it('adds the allocator settings on Linux, keeping the rest of the environment', () => {
    const env = workerEnv({ PATH: '/bin', NALU_LAB_DB: '/tmp/x.db' }, 'linux')
    expect(env).toEqual({ PATH: '/bin', NALU_LAB_DB: '/tmp/x.db', GLIBC_TUNABLES: WORKER_MALLOC })
    expect(WORKER_MALLOC).toMatch(/trim_threshold=\d+.*mmap_threshold=\d+.*arena_max=1/)
  })

  it('keeps a setting the user made, even an empty one, and adds nothing elsewhere than Linux', () => {
    expect(workerEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux').GLIBC_TUNABLES).toBe('glibc.malloc.arena_max=2')
    expect(workerEnv({ GLIBC_TUNABLES: '' }, 'linux').GLIBC_TUNABLES).toBe('')
    expect(workerEnv({ PATH: '/bin' }, 'darwin')).toEqual({ PATH: '/bin' })
  })

  it('leaves out NODE_EXTRA_CA_CERTS, which every Node process would read at start and a training process never uses', () => {
    const env = { PATH: '/bin', NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' }
    for (const platform of ['linux', 'darwin', 'win32'] as const) expect(workerEnv(env, platform)).not.toHaveProperty('NODE_EXTRA_CA_CERTS')
    expect(env.NODE_EXTRA_CA_CERTS).toBe('/etc/ssl/certs/ca-certificates.crt')
  })
})
