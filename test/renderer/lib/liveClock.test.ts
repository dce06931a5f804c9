import { describe, expect, it, vi } from 'vitest'
import { LINES_FLOOR_MS, LiveClock, MAX_PERIOD_MS, MIN_PERIOD_MS, PERIOD_PER_LINE_MS } from '../../../src-renderer/lib/liveClock'

const settled = (clock: LiveClock) => vi.waitFor(() => expect(clock.pending).toBe(false), { timeout: 5_000 })
const busy = (ms: number) => {
  const end = performance.now() + ms
  while (performance.now() < end);
}

describe('the live clock', () => {
  it('runs the store before the charts, each subscriber once a tick, and no tick without a request', async () => {
    const clock = new LiveClock()
    const ran: string[] = []
    clock.subscribe(() => ran.push('chart'))
    clock.subscribe(() => ran.push('rows'), -1)
    await new Promise((r) => setTimeout(r, 50))
    expect(ran).toEqual([])
    clock.request()
    clock.request()
    await settled(clock)
    expect(ran).toEqual(['rows', 'chart'])
  })

  it('comes at once after a quiet spell, then at most once a period, and a change during a tick gets a tick of its own', async () => {
    const clock = new LiveClock()
    const at: number[] = []
    let changeDuringTick = true
    clock.subscribe(() => {
      at.push(performance.now())
      if (changeDuringTick) {
        changeDuringTick = false
        clock.request()
      }
    })
    const t0 = performance.now()
    clock.request()
    await vi.waitFor(() => expect(at).toHaveLength(2), { timeout: 5_000 })
    expect(at[0] - t0).toBeLessThan(MIN_PERIOD_MS / 2)
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(MIN_PERIOD_MS - 20)
  })

  it('stretches the period with what a tick cost, and spreads costly subscribers over frames', async () => {
    const clock = new LiveClock()
    const frames: number[] = []
    let frame = 0
    const count = () => {
      frame++
      requestAnimationFrame(count)
    }
    requestAnimationFrame(count)
    clock.subscribe(() => (busy(150), frames.push(frame)))
    clock.subscribe(() => frames.push(frame))
    clock.request()
    await settled(clock)
    // 150 ms of script: the next tick waits ten times as long, within the bounds
    expect(clock.periodMs).toBeGreaterThanOrEqual(1_500)
    expect(clock.periodMs).toBeLessThanOrEqual(MAX_PERIOD_MS)
    // the second subscriber did not run in the frame the first one used up
    expect(frames[1]).toBeGreaterThan(frames[0])
  })

  it("gives the store's render a frame of its own: a subscriber that ends its frame has the next wait, however cheap", async () => {
    const clock = new LiveClock()
    const frames: Record<string, number> = {}
    let frame = 0
    let counting = true
    const count = () => {
      frame++
      if (counting) requestAnimationFrame(count)
    }
    requestAnimationFrame(count)
    clock.subscribe(() => (frames.rows = frame), -1, { endsFrame: true })
    clock.subscribe(() => (frames.chart = frame))
    clock.subscribe(() => (frames.chart2 = frame))
    clock.request()
    await settled(clock)
    counting = false
    expect(frames.chart).toBeGreaterThan(frames.rows)
    // cheap subscribers without it still share a frame
    expect(frames.chart2).toBe(frames.chart)
  })

  it('ticks less often with more lines on the charts: a dozen runs every second, 25 runs or a study every 2 s', async () => {
    const clock = new LiveClock()
    const at: number[] = []
    clock.subscribe(() => at.push(performance.now()))
    clock.setLines(12)
    expect(clock.periodMs).toBe(MIN_PERIOD_MS)
    clock.setLines(20)
    expect(clock.periodMs).toBe(20 * PERIOD_PER_LINE_MS)
    clock.setLines(25)
    expect(clock.periodMs).toBe(2_000)
    clock.setLines(10_000)
    expect(clock.periodMs).toBe(LINES_FLOOR_MS)
    expect(LINES_FLOOR_MS).toBeLessThan(MAX_PERIOD_MS)
    // a cheap tick brings the period down to the floor the lines set, not below it
    clock.request()
    await settled(clock)
    expect(clock.periodMs).toBe(2_000)
    clock.request()
    await vi.waitFor(() => expect(at).toHaveLength(2), { timeout: 5_000 })
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(2_000 - 20)
    // the runs were cleared: back to the 1 s floor after the next tick
    clock.setLines(0)
    clock.request()
    await settled(clock)
    expect(clock.periodMs).toBe(MIN_PERIOD_MS)
  })

  it('keeps the others going when one subscriber throws, and reports the error', async () => {
    const clock = new LiveClock()
    const report = vi.fn()
    vi.stubGlobal('reportError', report)
    const ran: string[] = []
    clock.subscribe(() => {
      throw new Error('chart broke')
    })
    clock.subscribe(() => ran.push('rows'))
    clock.request()
    await settled(clock)
    vi.unstubAllGlobals()
    expect(ran).toEqual(['rows'])
    expect(report).toHaveBeenCalledWith(new Error('chart broke'))
  })
})
