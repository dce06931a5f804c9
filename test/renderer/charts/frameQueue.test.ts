import { describe, expect, it, vi } from 'vitest'
import { framesPending, inOwnFrame } from '../../../src-renderer/charts/frameQueue'

/** a frame and the job that runs just after it */
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)))

describe('inOwnFrame', () => {
  it('runs one queued chart job per animation frame, in order', async () => {
    const ran: string[] = []
    inOwnFrame(() => ran.push('train'))
    inOwnFrame(() => ran.push('interp'))
    inOwnFrame(() => ran.push('extrap'))
    expect(ran).toEqual([])
    await frame()
    expect(ran).toEqual(['train'])
    await frame()
    expect(ran).toEqual(['train', 'interp'])
    await frame()
    expect(ran).toEqual(['train', 'interp', 'extrap'])
    expect(framesPending()).toBe(0)
  })

  it('drops a job cancelled before its frame (an unmounted chart)', async () => {
    const ran: string[] = []
    const cancel = inOwnFrame(() => ran.push('gone'))
    inOwnFrame(() => ran.push('kept'))
    cancel()
    await frame()
    expect(ran).toEqual(['kept'])
    expect(framesPending()).toBe(0)
  })

  it('runs a job queued by a running job in the next frame, never two in one frame', async () => {
    const ran: string[] = []
    // a chart whose config is made in one frame and built in the next, beside a second chart
    inOwnFrame(() => {
      ran.push('config A')
      inOwnFrame(() => ran.push('chart A'))
    })
    inOwnFrame(() => ran.push('config B'))
    await frame()
    expect(ran).toEqual(['config A'])
    await frame()
    expect(ran).toEqual(['config A', 'config B'])
    await frame()
    expect(ran).toEqual(['config A', 'config B', 'chart A'])
    expect(framesPending()).toBe(0)
  })

  it('keeps running later jobs after one throws', async () => {
    const ran: string[] = []
    inOwnFrame(() => {
      throw new Error('broken chart')
    })
    inOwnFrame(() => ran.push('next'))
    // reported as an uncaught error would be, and the queue goes on
    const reported: unknown[] = []
    const onError = (e: ErrorEvent) => reported.push(e.error)
    window.addEventListener('error', onError)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    await frame()
    await frame()
    window.removeEventListener('error', onError)
    expect(ran).toEqual(['next'])
    expect(reported.map((e) => (e as Error).message)).toEqual(['broken chart'])
    expect(logged).toHaveBeenCalledOnce()
    logged.mockRestore()
  })

  it("runs a job in a task just after its frame's callbacks, not inside them (its canvas is rasterised in the next frame's commit)", async () => {
    const ran: string[] = []
    inOwnFrame(() => ran.push('chart'))
    const inFrame = await new Promise<string[]>((r) => requestAnimationFrame(() => r([...ran])))
    expect(inFrame).toEqual([])
    await new Promise((r) => setTimeout(r, 0))
    expect(ran).toEqual(['chart'])
  })
})
