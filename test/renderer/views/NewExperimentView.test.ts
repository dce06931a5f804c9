import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { buttonNamed, mountApp, settle } from '../support/mount'
import { installCanvas } from '../support/canvas'
import { arithmeticPreset } from '../support/fixtures'
import { FakeLab } from '../support/fakeApi'

let current: VueWrapper | null = null
afterEach(() => {
  current?.unmount()
  current = null
})

async function open(api = new FakeLab()) {
  installCanvas()
  const m = await mountApp('/new', api)
  current = m.wrapper
  return m
}

async function type(w: VueWrapper, id: string, value: string): Promise<void> {
  await w.get(`#${id}`).setValue(value)
  await settle()
}

describe('New experiment', () => {
  it('starts from the article preset and carries a button named exactly Run', async () => {
    const { wrapper } = await open()
    expect((wrapper.get('#f-name').element as HTMLInputElement).value).toBe('Article experiment')
    expect((wrapper.get('#f-problem-inDim').element as HTMLInputElement).value).toBe('100')
    expect(wrapper.text()).toContain('3 runs (3 models × 1 seed)')
    expect(buttonNamed(wrapper, 'Run').attributes('type')).toBe('submit')
  })

  it('flags an impossible value at its field with the reason and sends nothing', async () => {
    const { wrapper, api } = await open()
    await type(wrapper, 'f-problem-inDim', '1')
    const input = wrapper.get('#f-problem-inDim')
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('#f-problem-inDim-error').text()).toBe('needs at least two inputs')
    expect(input.attributes('aria-describedby')).toContain('f-problem-inDim-error')

    await buttonNamed(wrapper, 'Run').trigger('submit')
    await settle()
    expect(api.callsOf('experiments.run')).toHaveLength(0)
    expect(document.activeElement?.id).toBe('f-problem-inDim')
    expect(wrapper.text()).toContain('1 problem to fix before running')
  })

  it('shows an inverted range, an empty number and no operation at their fields', async () => {
    const { wrapper } = await open()
    await type(wrapper, 'f-problem-extrap-range-lo', '60')
    expect(wrapper.text()).toContain('range is empty or inverted (hi must be greater than lo)')
    await type(wrapper, 'f-training-epochs', '')
    expect(wrapper.get('#f-training-epochs-error').text()).toBe('enter a number')
    for (const op of ['add', 'sub', 'mul']) await wrapper.get(`input[aria-label="Operation ${op}"]`).setValue(false)
    await settle()
    expect(wrapper.text()).toContain('choose at least one operation')
  })

  it('names each problem in the summary by the label the user sees, and says why at the range fields', async () => {
    const { wrapper } = await open()
    await type(wrapper, 'f-problem-inDim', '1')
    await type(wrapper, 'f-problem-train-range-hi', '-20')
    await type(wrapper, 'f-models-2-units-0-eps', '')
    const entries = wrapper.findAll('.summary li').map((li) => li.text())
    expect(entries).toEqual([
      'Inputs: needs at least two inputs',
      'Train range: range is empty or inverted (hi must be greater than lo)',
      'Model 3: ε: enter a number'
    ])
    // "from" and "to" are both marked invalid by the range: each must point at the reason
    for (const id of ['f-problem-train-range-lo', 'f-problem-train-range-hi']) {
      const input = wrapper.get(`#${id}`)
      expect(input.attributes('aria-invalid')).toBe('true')
      expect(input.attributes('aria-describedby')?.split(' ')).toContain('f-problem-train-range-error')
    }
    expect(wrapper.get('#f-problem-train-range-error').text()).toContain('range is empty or inverted')
    // the entry still moves the focus to its field
    await wrapper.findAll('.summary li button')[1].trigger('click')
    expect(document.activeElement?.id).toBe('f-problem-train-range-lo')
  })

  it('queues a valid experiment with the edited values, then opens Live training', async () => {
    const { wrapper, api, router } = await open()
    await type(wrapper, 'f-training-epochs', '5')
    await type(wrapper, 'f-seedCount', '2')
    expect(wrapper.text()).toContain('6 runs (3 models × 2 seeds)')
    await wrapper.get('form').trigger('submit')
    await settle()
    const sent = api.callsOf('experiments.run')
    expect(sent).toHaveLength(1)
    expect(sent[0].training.epochs).toBe(5)
    expect(sent[0].seeds).toEqual([1, 2])
    expect(sent[0].models.map((m) => m.units[0].kind)).toEqual(['vanilla', 'nac', 'nalu'])
    expect(router.currentRoute.value.name).toBe('live')
    expect(wrapper.findAll('tr.progress-row')).toHaveLength(6)
    expect(wrapper.text()).toContain('Queued 6 runs')
  })

  it('puts a refusal from the main side at the field it names and in the banner', async () => {
    const api = new FakeLab()
    api.failures.set('experiments.run', {
      code: 'invalid',
      message: 'batch size must not exceed the train set',
      field: 'training.batchSize'
    })
    const { wrapper, router } = await open(api)
    await wrapper.get('form').trigger('submit')
    await settle()
    expect(wrapper.get('#f-training-batchSize-error').text()).toBe('batch size must not exceed the train set')
    expect(wrapper.get('[role="alert"].notice').text()).toContain('Starting the experiment: Invalid input')
    expect(router.currentRoute.value.name).toBe('new')
  })

  it('edits models: add one with its options, stack a second unit, remove one', async () => {
    const { wrapper, api } = await open()
    await wrapper.get('#new-model-kind').setValue('nau')
    await buttonNamed(wrapper, 'Add model').trigger('click')
    await buttonNamed(wrapper, 'Stack a second unit on model 4').trigger('click')
    await settle()
    expect(wrapper.text()).toContain('nau→nmu')
    await type(wrapper, 'f-models-3-units-0-sparsity-end', '5')
    expect(wrapper.text()).toContain('the regulariser must not reach full strength before it starts')
    await type(wrapper, 'f-models-3-units-0-sparsity-end', '50')
    await buttonNamed(wrapper, 'Remove model 1 (vanilla)').trigger('click')
    await wrapper.get('form').trigger('submit')
    await settle()
    const [spec] = api.callsOf('experiments.run')
    expect(spec.models.map((m) => m.units.map((u) => u.kind).join('→'))).toEqual(['nac', 'nalu', 'nau→nmu'])
  })

  it('switches to the arithmetic task and loads another preset only on request', async () => {
    const api = new FakeLab()
    api.presets.push(arithmeticPreset())
    const { wrapper } = await open(api)
    await wrapper.get('#preset-select').setValue('arithmetic-add')
    await settle()
    expect((wrapper.get('#f-name').element as HTMLInputElement).value).toBe('Article experiment')
    await buttonNamed(wrapper, 'Load preset').trigger('click')
    await settle()
    expect((wrapper.get('#f-name').element as HTMLInputElement).value).toBe('Arithmetic add')
    expect(wrapper.find('#f-problem-subsetRatio').exists()).toBe(true)
    expect(wrapper.text()).toContain('2 runs (1 model × 2 seeds)')
  })

  it('says why when the presets cannot be loaded, instead of a blank form', async () => {
    const api = new FakeLab()
    api.failures.set('presets.list', { code: 'database', message: 'database is locked' })
    const { wrapper } = await open(api)
    expect(wrapper.text()).toContain('Could not load the presets: database is locked')
    api.failures.delete('presets.list')
    await buttonNamed(wrapper, 'Retry').trigger('click')
    await settle()
    expect(wrapper.find('#f-name').exists()).toBe(true)
  })
})
