import { fork } from 'node:child_process'
import workerFile from '../training/worker?entry'
import type { SpawnWorker, WorkerHandle } from './types'
import { autogroupsOn, lowerPriority } from './priority'
import { workerEnv } from './workerEnv'

/**
 * The training process to fork: the build's worker chunk (out/main/worker.js), found from the
 * running file; under vitest, a stand-in that runs the TypeScript source (tools/sourceEntry.mjs).
 */
export const WORKER_FILE: string = workerFile

/**
 * Training processes as child_process.fork children (browser mode and the CLI). Their stdout is
 * dropped, so the CLI's `--json` output stays clean; stderr is passed through. They run at a lower
 * CPU priority than the app (./priority.ts), on Linux with autogroups each in a session of its own.
 */
export function nodeSpawner(file: string = WORKER_FILE): SpawnWorker {
  const ownSession = autogroupsOn()
  return (): WorkerHandle => {
    // structured clone (as Electron's utilityProcess uses): weight snapshots and epochs cross as
    // binary doubles, several times cheaper to encode and decode than JSON text. A detached child
    // (its own session) gets no Ctrl-C from the terminal, which it ignores anyway: the parent
    // stores the runs and ends it, and it exits when the parent's IPC channel closes.
    const child = fork(file, [], {
      execArgv: [],
      env: workerEnv(),
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
      detached: ownSession
    })
    lowerPriority(child.pid, { autogroup: ownSession })
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
 * let them boot (≈0.1 s each built) while it is still loading and opening the database.
 * `dispose` ends those never handed out.
 */
export function warmSpawner(spawn: SpawnWorker, count: number): { spawn: SpawnWorker; dispose: () => void } {
  const warm = Array.from({ length: count }, () => spawn())
  return {
    spawn: () => warm.shift() ?? spawn(),
    dispose: () => warm.splice(0).forEach((w) => w.kill())
  }
}
