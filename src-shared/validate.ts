import type { z } from 'zod'
import { ApiError, type ApiErrorData } from './api'
import { plainIssueMessage, settingWords } from './issueWords'

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
    .join('.')
    .replace(/\.\[/g, '[')
}

/** zod's issues as one specific sentence that names the field, plus the full list. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], what = 'payload'): ApiErrorData {
  const list = issues.map((i) => ({ path: pathOf(i.path), message: plainIssueMessage(i) }))
  const first = list[0] ?? { path: '', message: 'invalid' }
  // the setting in words ("operations", not problem.ops); `field` keeps the path for the form
  const where = first.path ? `${settingWords(first.path)}: ` : ''
  return {
    code: 'invalid',
    message: `Invalid ${what}: ${where}${first.message}${list.length > 1 ? ` (and ${list.length - 1} more)` : ''}`,
    field: first.path || undefined,
    issues: list
  }
}

/** Parse or throw an ApiError naming the field. The one validator the CLI and the IPC boundary share. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what?: string): z.output<S> {
  const r = schema.safeParse(value)
  if (!r.success) throw new ApiError(describeIssues(r.error.issues, what))
  return r.data
}
