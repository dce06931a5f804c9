import { describe, expect, it } from 'vitest'
import { integerFlag, parseFlags, UsageError } from '../../../src-main/cli/args'

const OPTIONS = { epochs: { type: 'string' }, seed: { type: 'string' }, log: { type: 'boolean' } } as const

describe('command-line flags', () => {
  it('takes a negative number as the value of its flag, so the flag can say what it must be', () => {
    expect(parseFlags('run', ['--epochs', '-3', '--log'], OPTIONS)).toEqual({ epochs: '-3', log: true })
    expect(() => integerFlag('run', 'epochs', '-3', 1, 1000)).toThrow(
      'run: --epochs must be a positive whole number (at most 1000), got "-3"'
    )
    expect(() => integerFlag('run', 'seed', '-1', 0, 99)).toThrow('run: --seed must be a whole number from 0 to 99, got "-1"')
    expect(integerFlag('run', 'epochs', '12', 1, 1000)).toBe(12)
  })

  it('still refuses a flag without its value and an unknown flag, in one line', () => {
    expect(() => parseFlags('run', ['--epochs', '--log'], OPTIONS)).toThrow(UsageError)
    expect(() => parseFlags('run', ['--epochs', '--log'], OPTIONS)).toThrow(/^run: /)
    expect(() => parseFlags('run', ['--colour', 'red'], OPTIONS)).toThrow('run: unknown option --colour (options: --epochs, --seed, --log)')
  })
})
