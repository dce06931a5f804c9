import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick, reactive } from 'vue'
import { TrainingSpec, UnitSpec } from '@shared/domain'
import TrainingEditor from '../../../../src-renderer/components/experiment/TrainingEditor.vue'
import UnitEditor from '../../../../src-renderer/components/experiment/UnitEditor.vue'
import { editing } from './editing'

const field = (w: ReturnType<typeof mount>, label: string) => {
  const l = w.findAll('label').find((x) => x.text() === label)
  if (!l) return null
  return w.find(`#${l.attributes('for')}`)
}

describe('TrainingEditor', () => {
  it('edits the iterations schedule: iterations and evaluation interval, no epochs', async () => {
    const training = reactive(TrainingSpec.parse({ schedule: 'iterations', batchSize: 128, optimizer: { kind: 'adam' } }))
    const { w, value } = editing(TrainingEditor, training)
    expect(field(w, 'Epochs')).toBeNull()
    expect((field(w, 'Iterations')?.element as HTMLInputElement).value).toBe('50000')
    await field(w, 'Iterations')!.setValue('5000000')
    await field(w, 'Evaluate every (iterations)')!.setValue('250')
    expect(value()).toMatchObject({ iterations: 5_000_000, evalEvery: 250 })
    // the edits come back as a copy: the object the parent passed is the parent's to replace
    expect(training).toMatchObject({ iterations: 50_000, evalEvery: 1000 })
  })

  it('edits the epochs schedule: epochs, reshuffling and dropping the last short batch', async () => {
    const training = reactive(TrainingSpec.parse({ batchSize: 32, optimizer: { kind: 'adam' } }))
    const { w, value } = editing(TrainingEditor, training)
    expect(field(w, 'Iterations')).toBeNull()
    const shuffle = field(w, 'Reshuffle rows every epoch')!
    const dropLast = field(w, 'Drop the last short batch')!
    expect((shuffle.element as HTMLInputElement).checked).toBe(true)
    expect((dropLast.element as HTMLInputElement).checked).toBe(true)
    await shuffle.setValue(false)
    await dropLast.setValue(false)
    expect(value()).toMatchObject({ shuffle: false, dropLast: false })
    await field(w, 'Schedule')!.setValue('iterations')
    await nextTick()
    expect(value().schedule).toBe('iterations')
    expect(training).toMatchObject({ schedule: 'epochs', shuffle: true, dropLast: true })
    expect(field(w, 'Iterations')).not.toBeNull()
  })
})

describe('TrainingEditor precision', () => {
  it('shows a spec without precision as float64, sets float32 or auto, and float64 leaves the spec without the field', async () => {
    const training = reactive(TrainingSpec.parse({ batchSize: 32, optimizer: { kind: 'adam' } }))
    const { w, value } = editing(TrainingEditor, training)
    const select = field(w, 'Precision')!
    expect((select.element as HTMLSelectElement).value).toBe('float64')
    await select.setValue('float32')
    expect(value().precision).toBe('float32')
    await select.setValue('auto')
    expect(value().precision).toBe('auto')
    await select.setValue('float64')
    expect('precision' in value()).toBe(false)
  })
})

describe('UnitEditor', () => {
  it('offers NAC+ / NAC• and the two NAC initialisations, and names iNALU as the reduced form', async () => {
    const unit = reactive(UnitSpec.parse({ kind: 'nac' }))
    const { w, value } = editing(UnitEditor, unit, { path: 'models.0.units.0', label: 'Unit' })
    await field(w, 'NAC operation')!.setValue('mul')
    await field(w, 'NAC initialisation')!.setValue('madsen')
    expect(value()).toMatchObject({ kind: 'nac', op: 'mul', init: 'madsen' })
    expect(unit).toMatchObject({ op: 'add', init: 'glorot' })
    expect(field(w, 'ε')).not.toBeNull()
    expect(w.findAll('option').map((o) => o.text())).toContain('iNALU (reduced)')
  })
})
