import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { autogroupsOn, lowerPriority, TRAINING_NICENESS } from '../../../src-main/jobs/priority'

/** A process that waits to be looked at, then ends. */
function idleChild() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' })
  return { pid: child.pid as number, end: () => child.kill('SIGKILL') }
}

describe('training processes at a lower CPU priority (src-main/jobs/priority.ts)', () => {
  it('gives a process the training niceness', () => {
    const child = idleChild()
    try {
      expect(os.getPriority(child.pid)).toBe(os.getPriority())
      expect(lowerPriority(child.pid)).toBe(true)
      expect(os.getPriority(child.pid)).toBe(TRAINING_NICENESS)
    } finally {
      child.end()
    }
  })

  it('never raises the priority of a process already below it', () => {
    const child = idleChild()
    try {
      os.setPriority(child.pid, TRAINING_NICENESS + 5)
      expect(lowerPriority(child.pid)).toBe(true)
      expect(os.getPriority(child.pid)).toBe(TRAINING_NICENESS + 5)
    } finally {
      child.end()
    }
  })

  it('carries on when the process cannot be reached (gone, never spawned)', () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
    const pid = child.pid as number
    return new Promise<void>((resolve) =>
      child.once('exit', () => {
        expect(lowerPriority(pid)).toBe(false)
        expect(lowerPriority(undefined)).toBe(false)
        resolve()
      })
    )
  })

  it('knows when Linux shares the CPU between sessions first (autogroups)', () => {
    expect(autogroupsOn(() => '1\n')).toBe(process.platform === 'linux')
    expect(autogroupsOn(() => '0\n')).toBe(false)
    expect(
      autogroupsOn(() => {
        throw new Error('ENOENT')
      })
    ).toBe(false)
  })

  it.runIf(autogroupsOn())('lowers the autogroup of a process that leads its own session', () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore', detached: true })
    try {
      expect(lowerPriority(child.pid, { autogroup: true })).toBe(true)
      expect(readFileSync(`/proc/${child.pid}/autogroup`, 'utf8')).toMatch(new RegExp(`nice ${TRAINING_NICENESS}\\n?$`))
      expect(readFileSync('/proc/self/autogroup', 'utf8')).not.toMatch(new RegExp(`nice ${TRAINING_NICENESS}\\n?$`))
    } finally {
      child.kill('SIGKILL')
    }
  })
})
