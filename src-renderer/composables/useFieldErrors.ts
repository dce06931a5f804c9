import { computed, inject, provide, type ComputedRef, type InjectionKey } from 'vue'
import { errorsUnder, type FieldErrors } from '../lib/fieldErrors'

const KEY: InjectionKey<ComputedRef<FieldErrors>> = Symbol('field-errors')

/** The form provides its current errors once; every field below looks up its own path. */
export function provideFieldErrors(errors: ComputedRef<FieldErrors>): void {
  provide(KEY, errors)
}

/** A DOM id for a field path: `models[0].units[0].hidden` → `f-models-0-units-0-hidden`. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9]+/g, '-').replace(/-+$/, '')}`
}

/**
 * The reason shown at a field. `group` fields (a range with lo and hi) also show the errors of
 * their children, so "range is empty or inverted" and "lo: enter a number" both land there.
 */
export function useFieldError(path: () => string, group = false): ComputedRef<string | null> {
  const errors = inject(KEY, null)
  return computed(() => {
    if (!errors) return null
    const p = path()
    if (!group) return errors.value[p] ?? null
    const list = errorsUnder(errors.value, p)
    return list.length ? list.join('; ') : null
  })
}

/**
 * Move the focus to the field of an error path. Group paths (a range, a sparsity schedule) have no
 * input of their own: try their first child, then walk up the path.
 */
export function focusField(path: string, doc: Document = document): boolean {
  const tries = [path, `${path}.lo`, `${path}.startEpoch`, `${path}.kind`]
  for (let p = parentPath(path); p; p = parentPath(p)) tries.push(p)
  for (const t of tries) {
    const el = doc.getElementById(fieldId(t))
    if (el) {
      el.focus()
      return true
    }
  }
  return false
}

function parentPath(p: string): string {
  const up = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '')
  return up === p ? '' : up
}
