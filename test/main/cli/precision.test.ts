import { describe, expect, it } from 'vitest'
import { UsageError } from '../../../src-main/cli/args'
import { experimentFromFlags } from '../../../src-main/cli/run'

describe('run --precision', () => {
  it('sets the training spec’s precision; without the flag the spec has none (float64, its old hash)', () => {
    for (const p of ['float32', 'float64', 'auto'] as const) {
      const r = experimentFromFlags(['--preset', 'article', '--precision', p])
      expect(r !== 'help' && r.spec.training.precision).toBe(p)
    }
    const plain = experimentFromFlags(['--preset', 'article'])
    expect(plain !== 'help' && 'precision' in plain.spec.training).toBe(false)
  })

  it('refuses another value with the ones it takes', () => {
    expect(() => experimentFromFlags(['--preset', 'article', '--precision', 'f16'])).toThrow(
      new UsageError('run: --precision must be one of float64, float32, auto, got "f16"')
    )
  })
})
