import { describe, expect, it } from 'vitest'
import { Router } from '../../../src-main/ipc/router'
import { ApiError } from '@shared/api'
import { INVOKE_CHANNELS } from '@shared/contract'

const info = { version: '1.0.0', transport: 'browser' as const, dbPath: '/tmp/x.db', cores: 2, backends: ['fused'] }

describe('Router', () => {
  it('answers a valid request through its handler', async () => {
    const r = new Router()
    r.handle('app.info', () => info)
    expect(await r.dispatch('app.info', {})).toEqual({ ok: true, value: info })
  })

  it('refuses an unknown channel with a typed error', async () => {
    const r = new Router()
    const res = await r.dispatch('runs.drop_table', {})
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid', message: 'Unknown channel: runs.drop_table' } })
  })

  it('never calls the handler with an invalid payload and names the field', async () => {
    const r = new Router()
    let called = false
    r.handle('runs.get', () => {
      called = true
      throw new Error('unreachable')
    })
    const res = await r.dispatch('runs.get', { id: 'seven' })
    expect(called).toBe(false)
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.code).toBe('invalid')
      expect(res.error.field).toBe('id')
      expect(res.error.message).toMatch(/^Invalid runs\.get request: id: /)
    }
  })

  it('refuses unknown fields in a strict request', async () => {
    const r = new Router()
    r.handle('jobs.cancel', () => ({ cancelled: true }))
    const res = await r.dispatch('jobs.cancel', { runId: 3, force: true })
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })

  it('passes ApiErrors through and maps SQLite errors to code "database"', async () => {
    const r = new Router()
    r.handle('runs.get', ({ id }) => {
      throw new ApiError({ code: 'not_found', message: `No run with id ${id}` })
    })
    r.handle('runs.facets', () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
    })
    expect(await r.dispatch('runs.get', { id: 9 })).toEqual({ ok: false, error: { code: 'not_found', message: 'No run with id 9' } })
    expect(await r.dispatch('runs.facets', {})).toEqual({ ok: false, error: { code: 'database', message: 'database is locked' } })
  })

  it('checks responses against the contract when strict', async () => {
    const r = new Router({ checkResponses: true })
    r.handle('app.info', () => ({ ...info, cores: 'two' }) as unknown as typeof info)
    const res = await r.dispatch('app.info', {})
    expect(res).toMatchObject({ ok: false, error: { code: 'internal', field: 'cores' } })
  })

  it('knows which channels have no handler and refuses double registration', () => {
    const r = new Router()
    r.handle('app.info', () => info)
    expect(r.missing()).toHaveLength(INVOKE_CHANNELS.length - 1)
    expect(() => r.assertComplete()).toThrow(/no handler for: .*presets\.list/)
    expect(() => r.handle('app.info', () => info)).toThrow(/registered twice/)
  })
})
