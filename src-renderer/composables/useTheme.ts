import { computed, ref, watchEffect, type ComputedRef, type Ref } from 'vue'

export type ThemePreference = 'system' | 'light' | 'dark'
const STORAGE_KEY = 'nalu-lab.theme'

function readPreference(): ThemePreference {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    return v === 'light' || v === 'dark' ? v : 'system'
  } catch {
    return 'system'
  }
}

const preference = ref<ThemePreference>('system')
const systemDark = ref(false)
let installed = false

/**
 * The effective theme: the OS's (prefers-color-scheme) unless the user picked one. Charts read it
 * too, so a figure on screen uses the same light/dark palette the export would.
 */
export function useTheme(): {
  theme: ComputedRef<'light' | 'dark'>
  preference: Ref<ThemePreference>
  setPreference: (p: ThemePreference) => void
} {
  if (!installed && typeof window !== 'undefined') {
    installed = true
    preference.value = readPreference()
    const mq = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null
    if (mq) {
      systemDark.value = mq.matches
      mq.addEventListener('change', (e) => (systemDark.value = e.matches))
    }
    watchEffect(() => {
      document.documentElement.dataset.theme = theme.value
    })
  }
  return { theme, preference, setPreference }
}

const theme = computed<'light' | 'dark'>(() => (preference.value === 'system' ? (systemDark.value ? 'dark' : 'light') : preference.value))

function setPreference(p: ThemePreference): void {
  if (p !== 'system' && p !== 'light' && p !== 'dark') return
  preference.value = p
  try {
    if (p === 'system') localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, p)
  } catch {
    // storage can be unavailable (private mode, file:// quirks); the choice then lasts for the session
  }
}
