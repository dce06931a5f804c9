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
})
