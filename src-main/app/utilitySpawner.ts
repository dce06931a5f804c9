import { utilityProcess } from 'electron'
import type { SpawnWorker, WorkerHandle } from '../jobs/types'

/** Training processes in the desktop app: Electron's utilityProcess, so the main thread only routes. */
export function utilitySpawner(workerFile: string): SpawnWorker {
  return (): WorkerHandle => {
    const child = utilityProcess.fork(workerFile, [], { serviceName: 'NALU Lab training', stdio: 'inherit' })
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
