import { spawn } from 'node:child_process'
import { EventEmitter } from 'node:events'
import os from 'node:os'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { electronMock } from './electronMock'
import { TRAINING_NICENESS } from '../../../src-main/jobs/priority'
import { utilitySpawner } from '../../../src-main/app/utilitySpawner'

vi.mock('electron', () => electronMock)

/** Electron's UtilityProcess as far as the spawner uses it: its pid is known once it has spawned. */
class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined
  postMessage = vi.fn()
  kill = vi.fn(() => true)
}

const ended: (() => void)[] = []
afterEach(() => ended.splice(0).forEach((end) => end()))

describe('utilitySpawner (training processes of the desktop app)', () => {
  it('lowers the priority of each training process once it has spawned', () => {
    // a real process stands for the utility process, so the OS says what priority it got
    const real = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' })
    ended.push(() => real.kill('SIGKILL'))
    const fake = new FakeUtilityProcess()
    electronMock.utilityProcess.fork.mockReturnValueOnce(fake)
    const handle = utilitySpawner('/app/out/main/worker.js')()
    expect(electronMock.utilityProcess.fork).toHaveBeenCalledWith(
      '/app/out/main/worker.js',
      [],
      expect.objectContaining({ serviceName: 'NALU Lab training' })
    )
    expect(os.getPriority(real.pid)).toBe(os.getPriority())
    fake.pid = real.pid
    fake.emit('spawn')
    expect(os.getPriority(real.pid)).toBe(TRAINING_NICENESS)
    handle.send({ type: 'x' })
    expect(fake.postMessage).toHaveBeenCalledWith({ type: 'x' })
  })

  it('carries on when the process is gone before its priority could be lowered', () => {
    const fake = new FakeUtilityProcess()
    electronMock.utilityProcess.fork.mockReturnValueOnce(fake)
    const handle = utilitySpawner('/app/out/main/worker.js')()
    expect(() => fake.emit('spawn')).not.toThrow()
    const exits: (number | null)[] = []
    handle.onExit((code) => exits.push(code))
    fake.emit('exit', 3)
    expect(exits).toEqual([3])
  })
})
