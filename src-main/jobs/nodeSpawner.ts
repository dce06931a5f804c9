import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { SpawnWorker, WorkerHandle } from './types'

/**
 * The training process to fork: the built out/main/worker.js when this code runs from the
 * electron-vite build (it sits beside the running file, or one folder up from a shared chunk),
 * else the TypeScript source under tsx.
 */
export function workerEntry(here: string = dirname(fileURLToPath(import.meta.url))): { file: string; execArgv: string[] } {
  for (const built of [join(here, 'worker.js'), join(here, '..', 'worker.js')]) {
    if (existsSync(built)) return { file: built, execArgv: [] }
  }
  const source = join(here, '..', 'training', 'worker.ts')
  // resolved to a file URL: `--import tsx` alone would resolve from the cwd, not from this project
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
  return { file: source, execArgv: ['--import', tsx] }
}

/**
 * Training processes as child_process.fork children (browser mode and the CLI). Their stdout is
 * dropped, so the CLI's `--json` output stays clean; stderr is passed through.
 */
export function nodeSpawner(entry = workerEntry()): SpawnWorker {
  return (): WorkerHandle => {
    const child = fork(entry.file, [], { execArgv: entry.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' })
    return {
      send: (message) => {
        if (child.connected) child.send(message as object)
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => {
        child.kill()
      }
    }
  }
}
