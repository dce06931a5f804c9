import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { mount } from '@vue/test-utils'
import { useDialogFocus } from '../../../src-renderer/composables/useDialogFocus'

const Dialog = defineComponent({
  props: { open: { type: Boolean, required: true } },
  setup(props) {
    const safe = ref<HTMLButtonElement | null>(null)
    useDialogFocus(() => props.open, safe)
    return () => (props.open ? h('div', [h('button', { ref: safe }, 'Keep')]) : null)
  }
})

describe('useDialogFocus', () => {
  it('moves focus to the safe button on open and gives it back on close', async () => {
    const opener = document.createElement('button')
    document.body.appendChild(opener)
    opener.focus()
    const wrapper = mount(Dialog, { props: { open: false }, attachTo: document.body })
    await wrapper.setProps({ open: true })
    await nextTick()
    expect(document.activeElement?.textContent).toBe('Keep')
    await wrapper.setProps({ open: false })
    await nextTick()
    expect(document.activeElement).toBe(opener)
    wrapper.unmount()
  })
})
