import { describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import type { ExperimentSpec } from '@shared/domain'
import ExperimentMeta from '../../../../src-renderer/components/experiment/ExperimentMeta.vue'
import { articlePreset } from '../../support/fixtures'
import { editing } from './editing'

const spec = (patch: Partial<ExperimentSpec> = {}): ExperimentSpec => ({
  ...structuredClone(articlePreset().spec),
  seeds: [0],
  tags: [],
  ...patch
})
const input = (w: ReturnType<typeof editing>['w'], id: string) => w.get(`#${id}`).element as HTMLInputElement

describe('ExperimentMeta', () => {
  it('sends name, seeds and tags as a copy and keeps the tags text as typed', async () => {
    const given = reactive(spec())
    const { w, value } = editing(ExperimentMeta, given)
    await w.get('#f-name').setValue('Rates')
    await w.get('#f-seeds').setValue('5')
    await w.get('#f-seedCount').setValue('3')
    await w.get('#f-tags').setValue('nau, ')
    expect(value()).toMatchObject({ name: 'Rates', seeds: [5, 6, 7], tags: ['nau'] })
    // the trailing ", " is where the next tag goes: echoing ['nau'] back must not eat it
    expect(input(w, 'f-tags').value).toBe('nau, ')
    await w.get('#f-name').setValue('Rates 2')
    expect(input(w, 'f-tags').value).toBe('nau, ')
    expect(input(w, 'f-seedCount').value).toBe('3')
    expect(given).toMatchObject({ seeds: [0], tags: [] })
  })

  it('shows seeds and tags set elsewhere (a preset, a clone)', async () => {
    const { w } = editing(ExperimentMeta, spec())
    await w.get('#f-tags').setValue('nau, ')
    await w.setProps({ modelValue: spec({ seeds: [10, 11], tags: ['x', 'y'] }) })
    expect(input(w, 'f-seeds').value).toBe('10')
    expect(input(w, 'f-seedCount').value).toBe('2')
    expect(input(w, 'f-tags').value).toBe('x, y')
  })
})
