import { describe, expect, it, vi } from 'vitest'
import { LiveClock, MAX_PERIOD_MS, MIN_PERIOD_MS } from '../../../src-renderer/lib/liveClock'

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
