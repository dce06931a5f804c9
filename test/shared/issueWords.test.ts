import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { plainIssueMessage, settingWords } from '@shared/issueWords'
import { describeIssues } from '@shared/validate'

const schema = z.object({
  epochs: z.number().int().min(1),
  lr: z.number().gt(0).max(1),
  smooth: z.number().lt(1),
  ops: z.array(z.string()).min(1),
  theme: z.enum(['light', 'dark']),
  named: z.array(z.string()).min(1, 'choose at least one operation'),
  range: z.object({ lo: z.number() }).strict()
})

function messages(value: unknown): Record<string, string> {
  const r = schema.safeParse(value)
  if (r.success) throw new Error('expected issues')
  return Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), plainIssueMessage(i)]))
}

describe('validation messages in plain words', () => {
  it('says what a value must be instead of zod’s own text', () => {
    const m = messages({ epochs: 2.5, lr: 0, smooth: 1, ops: [], theme: 'neon', named: [], range: { lo: 1, high: 2 } })
    expect(m).toEqual({
      epochs: 'must be a whole number',
      lr: 'must be more than 0',
      smooth: 'must be less than 1',
      ops: 'choose at least 1',
      theme: 'must be one of: light, dark',
      named: 'choose at least one operation',
      range: 'unknown setting "high" (misspelt?)'
    })
    expect(messages({ epochs: 0, lr: 2, smooth: 0, ops: ['a'], theme: 'light', named: ['x'], range: { lo: 'x' } })).toEqual({
      epochs: 'must be at least 1',
      lr: 'must be at most 1',
      'range.lo': 'must be a number'
    })
    expect(messages({}).epochs).toBe('is missing')
  })

  it('never passes zod’s raw wording on in an API error', () => {
    const r = schema.safeParse({ epochs: -3 })
    if (r.success) throw new Error('expected issues')
    const d = describeIssues(r.error.issues, 'experiment')
    expect(d.message).toMatch(/^Invalid experiment: epochs: must be at least 1 \(and \d+ more\)$/)
    for (const i of d.issues ?? []) expect(i.message).not.toMatch(/Too small|Too big|Invalid input|expected \w+, received/)
  })

  it('names an experiment’s settings in words, and leaves other paths as addresses', () => {
    expect(settingWords('problem.ops')).toBe('operations')
    expect(settingWords('problem.train.range.lo')).toBe('training set › range › low end')
    expect(settingWords('models[0].units[1].hidden')).toBe('model 1 › unit 2 › hidden size')
    expect(settingWords('training.optimizer.lr')).toBe('learning rate')
    expect(settingWords('training.epochs')).toBe('epochs')
    expect(settingWords('seeds[2]')).toBe('seed 3')
    expect(settingWords('problem')).toBe('problem')
    expect(settingWords('runs[1].seed')).toBe('runs[1].seed')
  })
})
