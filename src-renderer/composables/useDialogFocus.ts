import { nextTick, watch, type Ref } from 'vue'

/**
 * A modal's keyboard focus: when it opens, focus moves to `target` (its safe button); when it
 * closes, focus goes back to whatever had it before, so keyboard users do not lose their place.
 */
export function useDialogFocus(open: () => boolean, target: Ref<HTMLElement | null>): void {
  let returnFocus: HTMLElement | null = null
  watch(
    open,
    async (isOpen) => {
      if (isOpen) {
        returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null
        await nextTick()
        target.value?.focus()
      } else returnFocus?.focus()
    },
    { immediate: true }
  )
}
