import { dialog, type BrowserWindow } from 'electron'
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'

const FILTERS: Record<string, { name: string; extensions: string[] }> = {
  'image/png': { name: 'PNG image', extensions: ['png'] },
  'image/svg+xml': { name: 'SVG image', extensions: ['svg'] },
  'application/pdf': { name: 'PDF document', extensions: ['pdf'] },
  'text/csv': { name: 'CSV table', extensions: ['csv'] },
  'application/json': { name: 'JSON', extensions: ['json'] }
}

/**
 * The OS save dialog, starting in the folder the user saved to last (kept in a small JSON file in
 * the app-data folder, so it survives restarts).
 */
export function createSaveFile(window: () => BrowserWindow | null, stateFile: string) {
  const lastFolder = (): string | undefined => {
    try {
      return (JSON.parse(readFileSync(stateFile, 'utf8')) as { lastFolder?: string }).lastFolder
    } catch {
      return undefined
    }
  }
  return async (file: { fileName: string; mime: string; bytes: Uint8Array }): Promise<string | null> => {
    const folder = lastFolder()
    const options = {
      defaultPath: folder ? join(folder, file.fileName) : file.fileName,
      filters: FILTERS[file.mime] ? [FILTERS[file.mime]] : []
    }
    const win = window()
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
    if (result.canceled || !result.filePath) return null
    writeFileSync(result.filePath, file.bytes)
    mkdirSync(dirname(stateFile), { recursive: true })
    writeFileSync(stateFile, JSON.stringify({ lastFolder: dirname(result.filePath) }))
    return result.filePath
  }
}
