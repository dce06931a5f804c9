import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * A separate entry (a process or thread to start) as this install can run it: the electron-vite
 * build's `<name>.js`, which sits beside the running file or one folder up from a shared chunk,
 * else the TypeScript source under tsx.
 */
export function entryPoint(here: string, builtName: string, sourceFromHere: string): { file: string; execArgv: string[] } {
  for (const built of [join(here, builtName), join(here, '..', builtName)]) {
    if (existsSync(built)) return { file: built, execArgv: [] }
  }
  // resolved to a file URL: `--import tsx` alone would resolve from the cwd, not from this project
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  return { file: join(here, sourceFromHere), execArgv: ['--import', tsx] }
}
