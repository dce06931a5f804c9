import { describe, expect, it } from 'vitest'
import { currentOwner, ownerAlive, processStartTicks } from '../../../src-main/store/owner'

describe('run owners', () => {
  it('this process is alive under its own token only', () => {
    const me = currentOwner()
    expect(me.pid).toBe(process.pid)
    expect(ownerAlive(me.pid, me.token)).toBe(true)
    expect(ownerAlive(me.pid, `${me.token}x`)).toBe(false)
  })

  it('another live process is alive; a pid that runs a different process than recorded is not', () => {
    const parent = process.ppid
    const ticks = processStartTicks(parent)
    expect(ticks).toMatch(/^\d+$/) // Linux: the kernel's start time of the process
    expect(ownerAlive(parent, `${ticks}:some-uuid`)).toBe(true)
    // same pid, other start time: the recorded owner died and the pid was reused
    expect(ownerAlive(parent, `${Number(ticks) + 1}:some-uuid`)).toBe(false)
  })

  it('a pid with no process and a missing owner are dead', () => {
    expect(ownerAlive(2 ** 22 + 12345, '1:x')).toBe(false)
    expect(ownerAlive(null, null)).toBe(false)
  })
})
