import { describe, expect, it } from 'vitest'
import { reactive, ref, toRaw, watchEffect } from 'vue'
import { useEditable } from '../../../src-renderer/composables/useEditable'

interface Spec {
  name: string
  optimizer: { kind: string; lr: number }
  models: { hidden: number; units: { kind: string }[] }[]
}

const spec = (): Spec => ({
  name: 'a',
  optimizer: { kind: 'adam', lr: 0.1 },
  models: [{ hidden: 2, units: [{ kind: 'nau' }, { kind: 'nmu' }] }]
})

describe('useEditable', () => {
  it('writes a deep field as a copy of the whole value and leaves the given one as it was', () => {
    const given = reactive(spec())
    const model = ref<Spec>(given)
    const view = useEditable(model)
    view.value.optimizer.lr = 0.5
    expect(given.optimizer.lr).toBe(0.1)
    expect(model.value).not.toBe(given)
    expect(model.value).toEqual({ ...spec(), optimizer: { kind: 'adam', lr: 0.5 } })
    // what was not edited is shared, not copied
    expect(model.value.models).toBe(given.models)
  })

  it('writes into arrays by index, also through the items of a for-of loop', () => {
    const given = spec()
    const model = ref<Spec>(given)
    const view = useEditable(model)
    for (const m of view.value.models) m.units[1] = { kind: 'nac' }
    expect(given.models[0].units[1].kind).toBe('nmu')
    expect(model.value.models[0].units.map((u) => u.kind)).toEqual(['nau', 'nac'])
    expect(Array.isArray(model.value.models[0].units)).toBe(true)
    view.value.models[0].hidden = 7
    expect(model.value.models[0]).toEqual({ hidden: 7, units: [{ kind: 'nau' }, { kind: 'nac' }] })
  })

  it('stores plain data, not views, when a view is written into a field', () => {
    const model = ref<Spec>(spec())
    const view = useEditable(model)
    view.value.models[0].units[0] = view.value.models[0].units[1]
    const stored = model.value.models[0].units[0]
    expect(stored).toEqual({ kind: 'nmu' })
    // a proxy anywhere inside could not be cloned (nor sent over IPC)
    expect(structuredClone(toRaw(model.value))).toEqual(model.value)
  })

  it('follows changes the owner makes in place, so a render reading the view updates', () => {
    const given = reactive(spec())
    const view = useEditable(ref<Spec>(given))
    const seen: number[] = []
    watchEffect(() => seen.push(view.value.models.length), { flush: 'sync' })
    given.models.push({ hidden: 1, units: [{ kind: 'nac' }] })
    expect(seen).toEqual([1, 2])
    expect(view.value.models.map((m) => m.units[0].kind)).toEqual(['nau', 'nac'])
  })
})
