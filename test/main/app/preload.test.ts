import { describe, expect, it, vi } from 'vitest'
import { electronMock, exposed, rendererListeners } from './electronMock'
import type { RawBridge } from '@shared/api'

vi.mock('electron', () => electronMock)
await import('../../../src-main/app/preload')
const bridge = exposed.get('naluBridge') as RawBridge

describe('the preload bridge', () => {
  it('exposes only invoke, on and the transport name — never ipcRenderer', () => {
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'transport'])
    expect(bridge.transport).toBe('electron')
    expect([...exposed.keys()]).toEqual(['naluBridge'])
  })

  it('sends contract channels through one IPC channel and refuses others before IPC', async () => {
    expect(await bridge.invoke('app.info', {})).toEqual({ ok: true, value: 'from main' })
    expect(electronMock.ipcRenderer.invoke).toHaveBeenCalledWith('nalu:invoke', 'app.info', {})
    const res = await bridge.invoke('shell.exec' as never, { cmd: 'rm -rf /' })
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(electronMock.ipcRenderer.invoke).toHaveBeenCalledTimes(1)
  })

  it('delivers only the subscribed event and unsubscribes', () => {
    const got: unknown[] = []
    const off = bridge.on('runs.changed', (p) => got.push(p))
    const fire = (name: string, payload: unknown) => rendererListeners.get('nalu:event')!.forEach((l) => l({}, name, payload))
    fire('runs.changed', { reason: 'created' })
    fire('jobs.progress', { runId: 1 })
    off()
    fire('runs.changed', { reason: 'deleted' })
    expect(got).toEqual([{ reason: 'created' }])
    expect(() => bridge.on('evil' as never, () => {})).toThrow(/Unknown event channel/)
  })
})
