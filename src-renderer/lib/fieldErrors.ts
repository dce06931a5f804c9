import type { z } from 'zod'
import { describeIssues } from '@shared/validate'

/** Field path (`problem.train.range.lo`, `models[0].units[0].hidden`) → the reason shown at the field. */
export type FieldErrors = Record<string, string>

/** describeIssues already speaks plainly (src-shared/issueWords); at a form field, ask for the value. */
function humanise(message: string): string {
  if (message === 'must be a number') return 'enter a number'
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

/** The path one level up: `models[0].units[1]` → `models[0].units`, `models[0]` → `models`, `name` → empty. */
export function parentPath(p: string): string {
  const up = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')
  return up === p ? '' : up
}

/**
 * The words a researcher reads for a path: the label of its field, else of the nearest group
 * above it that has one (a range, the model list), else the path itself. A model's own fields
 * ("ε", "Hidden size") repeat in every model card, so they are prefixed with the model's number.
 */
export function fieldLabel(path: string, labels: ReadonlyMap<string, string>): string {
  const model = /^models\[(\d+)\]/.exec(path)
  for (let p = path; p; p = parentPath(p)) {
    const label = labels.get(p)
    if (!label) continue
    if (!model || /^Model \d/.test(label)) return label
    return p === 'models' ? `Model ${Number(model[1]) + 1}` : `Model ${Number(model[1]) + 1}: ${label}`
  }
  return model ? `Model ${Number(model[1]) + 1}` : path || 'experiment'
}
