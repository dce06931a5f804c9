import { afterAll, expect, vi } from 'vitest'
import { framesPending } from '../../../src-renderer/charts/frameQueue'

/*
 * A frame job still queued when a file's tests end (a chart's warm-up, a redraw) would run after
 * jsdom's window is gone: an uncaught "requestAnimationFrame is not defined" fails the whole run
 * though every test passed. Each file waits for the queue to drain instead.
 */
afterAll(async () => {
  await vi.waitFor(() => expect(framesPending()).toBe(0), { timeout: 5_000 })
})
