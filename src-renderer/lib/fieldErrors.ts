import type { z } from 'zod'
import { describeIssues } from '../../src-shared/validate'

/** Field path (`problem.train.range.lo`, `models[0].units[0].hidden`) → the reason shown at the field. */
export type FieldErrors = Record<string, string>

function humanise(message: string): string {
  if (/expected number, received (NaN|undefined|string)/.test(message)) return 'enter a number'
  return message
}

/**
 * zod issues keyed by the same path syntax the main side puts in ApiError.field, so a refusal
 * from either side lands on the same field. The first issue of a path wins.
 */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {}
  for (const { path, message } of describeIssues(issues).issues ?? []) {
    if (!(path in out)) out[path] = humanise(message)
  }
  return out
}

/** The errors at a path or below it (a range group shows its lo/hi errors too). */
export function errorsUnder(errors: FieldErrors, path: string): string[] {
  return Object.entries(errors)
    .filter(([p]) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`))
    .map(([, m]) => m)
}
