import { describe, expect, it } from 'vitest'
import { parseServeArgs, UsageError } from '../../../src-main/serve/args'

describe('npm run serve arguments', () => {
  it('reads --port and --db', () => {
    expect(parseServeArgs([])).toEqual({ port: 0, db: null, help: false })
    expect(parseServeArgs(['--port', '8123', '--db', '/tmp/lab.db'])).toEqual({ port: 8123, db: '/tmp/lab.db', help: false })
  })

  it('answers --help and -h (with the usage text) instead of refusing them', () => {
    expect(parseServeArgs(['--help']).help).toBe(true)
    expect(parseServeArgs(['-h']).help).toBe(true)
  })

  it('refuses unknown flags and impossible ports with one line', () => {
    expect(() => parseServeArgs(['--prot', '80'])).toThrow(UsageError)
    expect(() => parseServeArgs(['--prot', '80'])).toThrow(/--prot/)
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/serve: --port must be a whole number from 0 to 65535, got "70000"/)
    expect(() => parseServeArgs(['--port', 'x'])).toThrow(/got "x"/)
  })
})
