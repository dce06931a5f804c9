/**
 * One chart update per animation frame. Compare draws three charts of up to 20 × 10,000 points;
 * built in the same frame they would be one long task that freezes the window, one per frame the
 * window stays responsive between them.
 */
const queue: (() => void)[] = []
let pending = 0

function runNext(): void {
  pending = 0
  const job = queue.shift()
  job?.()
  if (queue.length) pending = requestAnimationFrame(runNext)
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
