import { describe, expect, it } from 'vitest'
import { framesPending, inOwnFrame } from '../../../src-renderer/charts/frameQueue'

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()))

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
    // jsdom reports the error thrown in a frame callback; the queue goes on
    const onError = (e: ErrorEvent) => e.preventDefault()
    window.addEventListener('error', onError)
    await frame()
    await frame()
    window.removeEventListener('error', onError)
    expect(ran).toEqual(['next'])
  })
})
