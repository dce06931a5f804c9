import { describe, expect, it, vi } from 'vitest'
import { electronMock, FakeBrowserWindow, ipcHandlers } from './electronMock'
import { Router } from '../../../src-main/ipc/router'
import { EventHub } from '../../../src-main/ipc/events'

vi.mock('electron', () => electronMock)
const { setupIpcTransport } = await import('../../../src-main/app/ipcTransport')

const info = { version: '1.0.0', transport: 'electron' as const, dbPath: '/tmp/x.db', cores: 2, backends: ['fused'] }
const rendererFile = '/app/out/renderer/index.html'

function setup() {
  const router = new Router()
  router.handle('app.info', () => info)
  const events = new EventHub()
  const win = new FakeBrowserWindow({})
  const dispose = setupIpcTransport({ router, events, window: () => win as never, rendererFile })
  const invoke = (url: string, ...args: unknown[]) => ipcHandlers.get('nalu:invoke')!({ senderFrame: { url } }, ...args)
  return { events, win, dispose, invoke }
}

describe('the Electron IPC transport', () => {
  it('routes requests from the app window through the validating router', async () => {
    const { invoke, dispose } = setup()
    expect(await invoke('file:///app/out/renderer/index.html', 'app.info', {})).toEqual({ ok: true, value: info })
    expect(await invoke('file:///app/out/renderer/index.html', 'app.info', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' }
    })
    dispose()
  })

  it('refuses messages from any other frame', async () => {
    const { invoke, dispose } = setup()
    for (const url of ['https://evil.example/', 'file:///tmp/other.html', '', 'not a url']) {
      expect(await invoke(url, 'app.info', {})).toMatchObject({ ok: false, error: { message: expect.stringMatching(/IPC refused/) } })
    }
    dispose()
    expect(ipcHandlers.has('nalu:invoke')).toBe(false)
  })

  it('forwards contract events to the window', () => {
    const { events, win, dispose } = setup()
    events.emit('runs.changed', { reason: 'deleted' })
    expect(win.webContents.sent).toEqual([['nalu:event', 'runs.changed', { reason: 'deleted' }]])
    dispose()
  })
})
