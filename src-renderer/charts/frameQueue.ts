/**
 * One chart update per animation frame. Compare draws three charts of up to 20 × 10,000 points;
 * built in the same frame they would be one long task that freezes the window, one per frame the
 * window stays responsive between them.
 */
const queue: (() => void)[] = []
/** the frame callback asked for, RUNNING while a job runs, 0 when none */
let pending = 0
const RUNNING = -1

function runNext(): void {
  const job = queue.shift()
  // a job that queues another (a chart's config, then the chart) must not ask for a second
  // callback of its own: two callbacks in the next frame ran two charts in one task
  pending = RUNNING
  try {
    job?.()
  } finally {
    pending = queue.length ? requestAnimationFrame(runNext) : 0
  }
}

/** Run `job` in a frame of its own; the returned function cancels it if it has not run yet. */
export function inOwnFrame(job: () => void): () => void {
  queue.push(job)
  if (!pending) pending = requestAnimationFrame(runNext)
  return () => {
    const i = queue.indexOf(job)
    if (i !== -1) queue.splice(i, 1)
  }
}

/** Jobs still waiting (tests wait for 0). */
export function framesPending(): number {
  return queue.length
}
