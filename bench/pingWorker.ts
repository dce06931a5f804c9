/**
 * A socket client that asks the server something small every 5 ms and keeps its slowest answer
 * (bench/serverWatch.ts): what another user's live progress would wait. It runs on a thread of
 * its own, so the bench's main thread decoding a large answer is not counted as the server's.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { performance } from 'node:perf_hooks'
import { connect } from './uiClient'

const port = parentPort
if (!port) throw new Error('bench/pingWorker.ts runs as a worker thread')
const { origin, token } = workerData as { origin: string; token: string }
const client = await connect(origin, token)
let worst = 0
/** when the last reset came: a ping sent before it belongs to the step before */
let since = 0
let running = true
port.on('message', (message: string) => {
  if (message === 'reset') {
    worst = 0
    since = performance.now()
  }
  if (message === 'read') port.postMessage({ pingMaxMs: worst })
  if (message === 'stop') running = false
})
port.postMessage('ready')
while (running) {
  const t = performance.now()
  await client.invoke('runs.facets', {})
  if (t >= since) worst = Math.max(worst, performance.now() - t)
  await new Promise((r) => setTimeout(r, 5))
}
client.close()
port.close()
