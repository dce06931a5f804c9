import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_DIR_NAME = 'nalu-lab'
export const DB_FILE_NAME = 'lab.db'

/**
 * The per-user app-data folder, as Electron's `app.getPath('appData')` would give it, computed
 * without Electron so the desktop app, browser mode and the CLI agree on one default database.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return env.APPDATA || join(home, 'AppData', 'Roaming')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support')
  return env.XDG_CONFIG_HOME || join(home, '.config')
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = homedir()): string {
  return join(appDataDir(env, platform, home), APP_DIR_NAME, DB_FILE_NAME)
}

/** `--db` beats `NALU_LAB_DB`, which beats the per-user default. */
export function resolveDbPath(opts: { flag?: string | null; env?: NodeJS.ProcessEnv } = {}): string {
  const env = opts.env ?? process.env
  if (opts.flag) return opts.flag
  if (env.NALU_LAB_DB) return env.NALU_LAB_DB
  return defaultDbPath(env)
}

/** `--db PATH` or `--db=PATH` anywhere in argv, as `npm start -- --db PATH` hands it to Electron. */
export function dbArgument(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--db')
  if (i >= 0 && argv[i + 1] && !argv[i + 1].startsWith('--')) return argv[i + 1]
  return argv.find((a) => a.startsWith('--db='))?.slice('--db='.length) || undefined
}
