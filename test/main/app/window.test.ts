import { describe, expect, it, vi } from 'vitest'
import { electronMock, FakeBrowserWindow } from './electronMock'

vi.mock('electron', () => electronMock)
const { createMainWindow } = await import('../../../src-main/app/window')

const paths = { preload: '/app/out/preload/index.cjs', rendererFile: '/app/out/renderer/index.html' }

describe('the main window', () => {
  it('is sandboxed and isolated, without Node, with our preload', () => {
    createMainWindow(paths)
    const prefs = FakeBrowserWindow.last!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false })
    expect(prefs.preload).toBe(paths.preload)
    expect(FakeBrowserWindow.last!.loaded.file).toBe(paths.rendererFile)
  })

  it('may not navigate away from the app', () => {
    createMainWindow(paths)
    const wc = FakeBrowserWindow.last!.webContents
    const away = { preventDefault: vi.fn() }
    wc.emit('will-navigate', away, 'https://evil.example/')
    expect(away.preventDefault).toHaveBeenCalled()
    const home = { preventDefault: vi.fn() }
    wc.emit('will-navigate', home, 'file:///app/out/renderer/index.html#/history')
    expect(home.preventDefault).not.toHaveBeenCalled()
    for (const url of ['file://evil.example/app/out/renderer/index.html', 'file:///app/out/renderer/%E0%A4%A', 'http://[']) {
      const bad = { preventDefault: vi.fn() }
      expect(() => wc.emit('will-navigate', bad, url)).not.toThrow()
      expect(bad.preventDefault).toHaveBeenCalled()
    }
    const redirect = { preventDefault: vi.fn() }
    wc.emit('will-redirect', redirect, 'https://evil.example/')
    expect(redirect.preventDefault).toHaveBeenCalled()
  })

  it('denies every browser permission it is asked for, and answers every permission check no', () => {
    createMainWindow(paths)
    const session = FakeBrowserWindow.last!.webContents.session
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      const callback = vi.fn()
      session.permissionRequestHandler!(null, permission, callback, {})
      expect(callback).toHaveBeenCalledWith(false)
      expect(session.permissionCheckHandler!(null, permission, 'file://', {})).toBe(false)
    }
  })

  it('opens no windows; only allow-listed links go to the system browser', () => {
    createMainWindow(paths)
    const handler = FakeBrowserWindow.last!.webContents.openHandler!
    expect(handler({ url: 'https://arxiv.org/abs/1808.00508' })).toEqual({ action: 'deny' })
    expect(electronMock.shell.openExternal).toHaveBeenCalledWith('https://arxiv.org/abs/1808.00508')
    for (const url of ['file:///etc/passwd', 'https://evil.example/', 'http://arxiv.org/abs/1', 'smb://share/x', 'https://[']) {
      expect(handler({ url })).toEqual({ action: 'deny' })
    }
    expect(electronMock.shell.openExternal).toHaveBeenCalledTimes(1)
  })

  it('loads the dev server in development', () => {
    createMainWindow({ ...paths, devServerUrl: 'http://localhost:5173' })
    expect(FakeBrowserWindow.last!.loaded.url).toBe('http://localhost:5173')
  })
})
