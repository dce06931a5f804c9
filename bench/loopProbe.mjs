// Loaded into browser mode's server by the UI benches (`node --import bench/loopProbe.mjs …`, through
// bench/serverWatch.ts): the longest the server's own event loop was held, read from inside it.
// A client's ping measures more than that (its own process's work and the query it asks), and
// the target is about the loop. Answers on the IPC channel its parent opened; the channel is
// unreferenced, so it never keeps the server alive.
import { monitorEventLoopDelay } from 'node:perf_hooks'

// 1 ms: a stall is seen to the millisecond; a timer every millisecond on an idle loop costs little
const delay = monitorEventLoopDelay({ resolution: 1 })
delay.enable()
process.channel?.unref()
process.on('message', (message) => {
  if (message === 'loop:reset') {
    delay.reset()
    process.send?.({ loopReset: true })
  }
  if (message === 'loop:read') process.send?.({ loopMaxMs: delay.max / 1e6 })
})
