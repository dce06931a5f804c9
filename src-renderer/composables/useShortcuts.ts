import { onBeforeUnmount, onMounted, shallowRef } from 'vue'

/** `key` is a KeyboardEvent.key, optionally with "mod+" (Ctrl, or ⌘ on macOS): "n", "?", "mod+Enter". */
export interface Shortcut {
  key: string
  description: string
  run: () => void
  /** fire even while the focus is in a text field (for mod+ combinations) */
  inFields?: boolean
}

interface Entry extends Shortcut {
  token: symbol
}

/** Every shortcut currently active, newest last: a view's shortcut shadows a global one with the same key. */
export const activeShortcuts = shallowRef<readonly Entry[]>([])

export function registerShortcuts(list: Shortcut[]): () => void {
  const entries = list.map((s) => ({ ...s, token: Symbol(s.key) }))
  activeShortcuts.value = [...activeShortcuts.value, ...entries]
  return () => {
    const gone = new Set(entries.map((e) => e.token))
    activeShortcuts.value = activeShortcuts.value.filter((e) => !gone.has(e.token))
  }
}

/** Register while the calling component is mounted. */
export function useShortcuts(list: Shortcut[]): void {
  let off: (() => void) | null = null
  onMounted(() => (off = registerShortcuts(list)))
  onBeforeUnmount(() => off?.())
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'range'].includes(target.type)
  return false
}

function matches(s: Shortcut, e: KeyboardEvent): boolean {
  const mod = s.key.startsWith('mod+')
  const key = mod ? s.key.slice(4) : s.key
  if (mod !== (e.ctrlKey || e.metaKey) || e.altKey) return false
  return e.key.toLowerCase() === key.toLowerCase()
}

/** The keydown handler the app installs once; returns whether a shortcut ran. */
export function handleShortcut(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.repeat) return false
  const inField = isTextField(e.target)
  const list = activeShortcuts.value
  for (let i = list.length - 1; i >= 0; i--) {
    const s = list[i]
    if (!matches(s, e) || (inField && !s.inFields)) continue
    e.preventDefault()
    s.run()
    return true
  }
  return false
}

/** How a key reads in the help overlay. */
export function keyLabel(key: string): string[] {
  const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform)
  return key.split('+').map((k) => (k === 'mod' ? (isMac ? '⌘' : 'Ctrl') : k === ' ' ? 'Space' : k))
}
