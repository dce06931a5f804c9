import type { z } from 'zod'

/**
 * zod's own messages ("Too small: expected number to be >=1", "Invalid input: expected int,
 * received number") in the words of a form: what the value must be. A message a schema wrote
 * itself ("choose at least one operation") is already in those words and is kept.
 */
const ZOD_DEFAULT = /^(Too small|Too big|Invalid input|Invalid option|Unrecognized key|Invalid string|Invalid number)/

const TYPE_WORDS: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a group of settings'
}

const num = (v: unknown): string => (typeof v === 'bigint' ? v.toString() : String(Number(v)))

function bound(i: { code: 'too_small' | 'too_big'; origin?: string; inclusive?: boolean; minimum?: unknown; maximum?: unknown }): string {
  const small = i.code === 'too_small'
  const limit = num(small ? i.minimum : i.maximum)
  if (i.origin === 'array' || i.origin === 'set') return small ? `choose at least ${limit}` : `choose at most ${limit}`
  if (i.origin === 'string')
    return small ? `must have at least ${limit} character${limit === '1' ? '' : 's'}` : `must have at most ${limit} characters`
  if (small && Number(limit) === 0 && i.inclusive === false) return 'must be more than 0'
  if (small && Number(limit) === 1 && i.inclusive !== false) return 'must be at least 1'
  if (small) return i.inclusive === false ? `must be more than ${limit}` : `must be at least ${limit}`
  return i.inclusive === false ? `must be less than ${limit}` : `must be at most ${limit}`
}

export function plainIssueMessage(issue: z.core.$ZodIssue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      return bound(issue)
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1]
      if (received === 'undefined') return 'is missing'
      if (issue.expected === 'int') return 'must be a whole number'
      if (issue.expected === 'number' && received === 'NaN') return 'enter a number'
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`
    }
    case 'invalid_value':
      return `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`
    case 'unrecognized_keys':
      return `${issue.keys.length === 1 ? 'unknown setting' : 'unknown settings'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (misspelt?)`
    default:
      return issue.message
  }
}

/** The words of an experiment's settings, as the New experiment form labels them. */
const SEGMENT_WORDS: Record<string, string> = {
  inDim: 'inputs',
  outDim: 'outputs',
  ops: 'operations',
  op: 'operation',
  divGuard: 'division guard',
  train: 'training set',
  interp: 'interpolation set',
  extrap: 'extrapolation set',
  lo: 'low end',
  hi: 'high end',
  batchSize: 'batch size',
  evalEvery: 'evaluate every',
  lr: 'learning rate',
  gradClip: 'gradient clipping',
  successEpsilon: 'success threshold ε',
  hidden: 'hidden size',
  lambda: 'λ',
  eps: 'ε',
  omega: 'ω',
  kind: 'kind'
}
const INDEXED: Record<string, string> = { models: 'model', units: 'unit', seeds: 'seed', tags: 'tag' }
const SPEC_ROOTS = new Set(['name', 'problem', 'models', 'training', 'seeds', 'tags', 'preset', 'description'])

const words = (segment: string) => SEGMENT_WORDS[segment] ?? segment.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()

/**
 * An experiment setting's path in words: `problem.ops` → "operations", `models[0].units[1].hidden`
 * → "model 1 › unit 2 › hidden size", `problem.train.range.lo` → "training set › range › low end".
 * Paths outside an experiment's settings (a bundle's `runs[3].seed`) are returned as they are: there
 * the path is the address a reader needs.
 */
export function settingWords(path: string): string {
  const parts: string[] = path.match(/[^.[\]]+|\[\d+\]/g) ?? []
  const root = parts[0]
  if (root === undefined || !SPEC_ROOTS.has(root)) return path
  const out: string[] = []
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]
    const next = parts[i + 1]
    if (next?.startsWith('[')) {
      out.push(`${INDEXED[p] ?? words(p)} ${Number(next.slice(1, -1)) + 1}`)
      i++
    } else if (!((p === 'problem' || p === 'training' || p === 'optimizer') && i < parts.length - 1)) {
      out.push(words(p))
    }
  }
  return out.join(' › ')
}
