import { defineStore } from 'pinia'
import { shallowRef, ref } from 'vue'
import type { Preset } from '@shared/domain'
import { useApi } from '../api'
import { readableError, type ReadableError } from '../lib/errors'

export const usePresets = defineStore('presets', () => {
  const presets = shallowRef<Preset[]>([])
  const loaded = ref(false)
  const error = ref<ReadableError | null>(null)
  let pending: Promise<void> | null = null

  /** Loads once; later calls reuse the result (presets do not change while the app runs). */
  function load(): Promise<void> {
    if (loaded.value) return Promise.resolve()
    pending ??= (async () => {
      try {
        presets.value = await useApi().invoke('presets.list', {})
        loaded.value = true
        error.value = null
      } catch (err) {
        error.value = readableError(err)
      } finally {
        pending = null
      }
    })()
    return pending
  }

  function byName(name: string | null): Preset | undefined {
    return name === null ? undefined : presets.value.find((p) => p.name === name)
  }

  return { presets, loaded, error, load, byName }
})
