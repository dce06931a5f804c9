// Loaded into browser mode's server by the UI benches (`node --import bench/loopProbe.mjs …`, through
// bench/serverWatch.ts): the longest the server's own event loop was held, read from inside it.
// A client's ping measures more than that (its own process's work and the query it asks), and
// the target is about the loop. Answers on the IPC channel its parent opened; the channel is
// unreferenced, so it never keeps the server alive.
//
// A timer of its own, not monitorEventLoopDelay: after a reset that one has no tick to count from
// until its next, so a stall starting before it goes unseen (in Node 20 a 200 ms block right after
// its reset read 3-5 ms, and 3 ms later 201 ms; the bench's one-request reference, 13 s, read 72 ms
// once in eight runs). Here a reset starts the count itself, and a read also counts the stall it
// may have ended, whose tick has not come yet.
import { performance } from 'node:perf_hooks'

const PERIOD_MS = 1
let last = performance.now()
let longest = 0
const held = () => performance.now() - last - PERIOD_MS

setInterval(() => {
  longest = Math.max(longest, held())
  last = performance.now()
}, PERIOD_MS).unref()

process.channel?.unref()
process.on('message', (message) => {
  if (message === 'loop:reset') {
    longest = 0
    last = performance.now()
    process.send?.({ loopReset: true })
  }
  if (message === 'loop:read') process.send?.({ loopMaxMs: Math.max(longest, held()) })
})
