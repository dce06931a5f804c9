/**
 * How long browser mode's server is held while a bench's work runs (issue 14: no request holds
 * its event loop over 50 ms), two ways: from inside the server (bench/loopProbe.mjs, loaded with
 * LOOP_PROBE_ARGS: the longest its loop waited, which is what the target names) and from a client
 * pinging it on a thread of its own (bench/pingWorker.ts: what live progress to another page
 * would wait, the query and the socket included). A client in the bench's own thread counted
 * the bench's decoding of its large answers too: 27–33 ms where the loop was held 15–31 and a
 * separate client waited 17–26 (round 18, every epoch of 20 × 50,000).
 */
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ServeHandle } from '../test/helpers/serve'

export const LOOP_PROBE_ARGS = ['--import', join(import.meta.dirname, 'loopProbe.mjs')]

export interface Held {
  /** the longest the server's event loop was held, ms (from inside it) */
  loopMs: number
  /** the slowest answer another client had meanwhile, ms */
  pingMs: number
}

export interface ServerWatch {
  /** runs `work` and says how long the server was held meanwhile */
  during<T>(work: () => Promise<T>): Promise<Held & { value: T }>
  close(): Promise<void>
}

/** Watches a server started with `nodeArgs: LOOP_PROBE_ARGS` and `ipc: true`. */
export async function watchServer(serve: ServeHandle): Promise<ServerWatch> {
  const child = serve.child
  if (!child.send) throw new Error('the server was started without an IPC channel: startServe({ ipc: true, nodeArgs: LOOP_PROBE_ARGS })')
  const worker = new Worker(join(import.meta.dirname, 'pingWorker.ts'), { workerData: { origin: serve.origin, token: serve.token } })
  const reply = <R>(from: { once(e: 'message', l: (m: R) => void): unknown }): Promise<R> => new Promise((r) => from.once('message', r))
  await reply<string>(worker)
  const ask = async (): Promise<Held> => {
    const loop = reply<{ loopMaxMs?: number }>(child)
    child.send('loop:read')
    const ping = reply<{ pingMaxMs: number }>(worker)
    worker.postMessage('read')
    const { loopMaxMs } = await loop
    if (loopMaxMs === undefined) throw new Error('the server has no loop probe: start it with nodeArgs LOOP_PROBE_ARGS')
    return { loopMs: loopMaxMs, pingMs: (await ping).pingMaxMs }
  }
  return {
    async during(work) {
      // the reset is acknowledged before the work starts: a message handled after the work's first
      // turn would forget a stall of that turn (the one-request reference's 11 s went unseen so)
      const reset = reply<{ loopReset?: boolean }>(child)
      child.send('loop:reset')
      await reset
      worker.postMessage('reset')
      const value = await work()
      return { value, ...(await ask()) }
    },
    async close() {
      worker.postMessage('stop')
      await new Promise((r) => worker.once('exit', r))
    }
  }
}
