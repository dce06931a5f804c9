import { mount } from '@vue/test-utils'
import type { Component } from 'vue'

/** Mounts an editor the way a parent binds it with v-model: each emitted copy becomes the new value. */
export function editing<T extends object>(component: Component, value: T, props: Record<string, unknown> = {}) {
  let current = value
  const w: ReturnType<typeof mount> = mount(component, {
    props: {
      modelValue: value,
      'onUpdate:modelValue': (v: T) => {
        current = v
        return w.setProps({ modelValue: v })
      },
      ...props
    }
  })
  return { w, value: () => current }
}
