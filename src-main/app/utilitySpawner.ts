import { utilityProcess } from 'electron'
import type { SpawnWorker, WorkerHandle } from '../jobs/types'
import { lowerPriority } from '../jobs/priority'

/**
 * Training processes in the desktop app: Electron's utilityProcess, so the main thread only routes.
 * They run at a lower CPU priority than the window (../jobs/priority.ts); they share its session,
 * so niceness is enough. Their pid is known once they have spawned.
 */
export function utilitySpawner(workerFile: string): SpawnWorker {
  return (): WorkerHandle => {
    const child = utilityProcess.fork(workerFile, [], { serviceName: 'NALU Lab training', stdio: 'inherit' })
    child.once('spawn', () => lowerPriority(child.pid))
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code: number) => listener(code)),
      kill: () => {
        child.kill()
      }
    }
  }
}
