import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 compiled for Electron's ABI lives apart from the Node build in node_modules
 * (scripts/electron-sqlite.mjs makes it), so `npm test` and `npm start` never rebuild each other.
 */
export function electronSqliteBinding(projectRoot: string, electronVersion: string): string | undefined {
  const file = join(projectRoot, '.electron-native', electronVersion, 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}
