import { app, dialog, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { createLab, type Lab } from '../lab'
import { dbArgument, resolveDbPath } from '../config/dbPath'
import { findProjectRoot } from '../config/projectRoot'
import { createMainWindow } from './window'
import { setupIpcTransport } from './ipcTransport'
import { utilitySpawner } from './utilitySpawner'
import { createSaveFile } from './saveDialog'
import { electronSqliteBinding } from './nativeSqlite'

// The app's name decides userData; keep it equal to the folder the CLI and browser mode use.
app.setName('nalu-lab')
let win: BrowserWindow | null = null
let lab: Lab | null = null

function start(): void {
  const root = findProjectRoot()
  const rendererFile = join(root, 'out', 'renderer', 'index.html')
  const devServerUrl = process.env.ELECTRON_RENDERER_URL
  const dbFlag = dbArgument(process.argv)
  lab = createLab({
    dbPath: resolveDbPath({ flag: dbFlag }),
    transport: 'electron',
    spawn: utilitySpawner(join(root, 'out', 'main', 'worker.js')),
    saveFile: createSaveFile(() => win, join(app.getPath('userData'), 'save-dialog.json')),
    nativeBinding: electronSqliteBinding(root, process.versions.electron),
    log: (m) => console.error(m)
  })
  setupIpcTransport({ router: lab.router, events: lab.events, window: () => win, devServerUrl, rendererFile })
  win = createMainWindow({ preload: join(root, 'out', 'preload', 'index.cjs'), rendererFile, devServerUrl })
  win.on('closed', () => (win = null))
}

app
  .whenReady()
  .then(start)
  .catch((err: unknown) => {
    // a refused database (corrupt, newer) is one clear sentence for the user, not a stack trace
    dialog.showErrorBox('NALU Lab cannot start', err instanceof Error ? err.message : String(err))
    app.exit(1)
  })

app.on('window-all-closed', () => app.quit())
app.on('before-quit', (event) => {
  if (!lab) return
  event.preventDefault()
  const closing = lab
  lab = null
  void closing.close().finally(() => app.quit())
})
