import { fork } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { entryPoint } from '../config/entry'
import type { SpawnWorker, WorkerHandle } from './types'

/** The training process to fork: the built out/main/worker.js, else the TypeScript source under tsx. */
export function workerEntry(here: string = dirname(fileURLToPath(import.meta.url))): { file: string; execArgv: string[] } {
  return entryPoint(here, 'worker.js', join('..', 'training', 'worker.ts'))
}

/**
 * Training processes as child_process.fork children (browser mode and the CLI). Their stdout is
 * dropped, so the CLI's `--json` output stays clean; stderr is passed through.
 */
export function nodeSpawner(entry = workerEntry()): SpawnWorker {
  return (): WorkerHandle => {
    const child = fork(entry.file, [], { execArgv: entry.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' })
    // what the child says before the queue listens (a process started early) is kept, not lost
    const early: unknown[] = []
    let deliver: ((m: unknown) => void) | null = null
    let exited: { code: number | null } | null = null
    let onExit: ((code: number | null) => void) | null = null
    child.on('message', (m) => (deliver ? deliver(m) : early.push(m)))
    child.on('exit', (code) => {
      exited = { code }
      onExit?.(code)
    })
    return {
      send: (message) => {
        if (child.connected) child.send(message as object)
      },
      onMessage: (listener) => {
        deliver = listener
        early.splice(0).forEach(listener)
      },
      onExit: (listener) => {
        onExit = listener
        if (exited) listener(exited.code)
      },
      kill: () => {
        child.kill()
      }
    }
  }
}

/**
 * Starts `count` training processes now and hands them out first: a command that will train can
 * let them boot (≈0.3 s each under tsx) while it is still loading and opening the database.
 * `dispose` ends those never handed out.
 */
export function warmSpawner(spawn: SpawnWorker, count: number): { spawn: SpawnWorker; dispose: () => void } {
  const warm = Array.from({ length: count }, () => spawn())
  return {
    spawn: () => warm.shift() ?? spawn(),
    dispose: () => warm.splice(0).forEach((w) => w.kill())
  }
}
