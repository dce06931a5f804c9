/**
 * One chart update per animation frame. Compare draws three charts of up to 20 × 10,000 points;
 * built in the same frame they would be one long task that freezes the window, one per frame the
 * window stays responsive between them.
 *
 * A job runs just after its frame's callbacks, in a task of its own (a timer set from the frame's
 * callback), not inside them: what a job draws on a canvas is then rasterised in the next frame's
 * commit, a task apart. Run inside the frame callback, a Compare chart's construction (40–80 ms of
 * script) and the commit of its canvas (15–30 ms) were one task, the page's longest (docs/ui.md,
 * round 10).
 */
const queue: (() => void)[] = []
/** a frame or its job is on the way, RUNNING while a job runs, 0 when none */
let pending = 0
const RUNNING = -1

function runNext(): void {
  const job = queue.shift()
  // a job that queues another (a chart's config, then the chart) must not ask for a second
  // callback of its own: two callbacks in the next frame ran two charts in one task
  pending = RUNNING
  try {
    job?.()
  } catch (error) {
    reportJobError(error)
  } finally {
    pending = queue.length ? requestAnimationFrame(afterFrame) : 0
  }
}

/** A broken chart is reported as an uncaught error is (the window's error event, the console); the queue goes on. */
function reportJobError(error: unknown): void {
  console.error(error)
  window.dispatchEvent(new ErrorEvent('error', { error, message: error instanceof Error ? error.message : String(error) }))
}

function afterFrame(): void {
  setTimeout(runNext, 0)
}

/** Run `job` in a frame of its own; the returned function cancels it if it has not run yet. */
export function inOwnFrame(job: () => void): () => void {
  queue.push(job)
  if (!pending) pending = requestAnimationFrame(afterFrame)
  return () => {
    const i = queue.indexOf(job)
    if (i !== -1) queue.splice(i, 1)
  }
}

/** Jobs still waiting (tests wait for 0). */
export function framesPending(): number {
  return queue.length
}
