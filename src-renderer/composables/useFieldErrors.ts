import { computed, inject, onBeforeUnmount, provide, reactive, watchEffect, type ComputedRef, type InjectionKey } from 'vue'
import { errorsUnder, parentPath, type FieldErrors } from '../lib/fieldErrors'

const KEY: InjectionKey<ComputedRef<FieldErrors>> = Symbol('field-errors')

/** The form provides its current errors once; every field below looks up its own path. */
export function provideFieldErrors(errors: ComputedRef<FieldErrors>): void {
  provide(KEY, errors)
}

const LABELS: InjectionKey<Map<string, string>> = Symbol('field-labels')

/**
 * The form's path → visible label map, filled by the fields themselves (FormField, groups), so the
 * error summary names "Train range" or "Learning rate" with the very words on screen, not a path.
 */
export function provideFieldLabels(): ReadonlyMap<string, string> {
  const labels = reactive(new Map<string, string>())
  provide(LABELS, labels)
  return labels
}

/** Register the label of a field (or a group) while the calling component is mounted. */
export function useFieldLabel(path: () => string, label: () => string): void {
  const labels = inject(LABELS, null)
  if (!labels) return
  let mine: [string, string] | null = null
  const release = (): void => {
    // another field may hold the path by now (two editors of one path swapped by v-if)
    if (mine && labels.get(mine[0]) === mine[1]) labels.delete(mine[0])
  }
  watchEffect(() => {
    release()
    mine = [path(), label()]
    labels.set(mine[0], mine[1])
  })
  onBeforeUnmount(release)
}

/** The labels the form's fields registered (empty outside a form that provides them). */
export function injectFieldLabels(): ReadonlyMap<string, string> {
  return inject(LABELS, null) ?? new Map<string, string>()
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
  const tries = [path, `${path}.lo`, `${path}.start`, `${path}.kind`]
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
