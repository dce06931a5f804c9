import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import WeightHeatmap from '../../../src-renderer/components/WeightHeatmap.vue'
import { divergingColour } from '../../../src-renderer/charts/heatmap'
import { installCanvas } from '../support/canvas'
import { settle } from '../support/mount'

let w: VueWrapper | null = null
afterEach(() => {
  w?.unmount()
  w = null
})

function matrix(rows: number, cols: number) {
  const data: number[] = Array.from({ length: rows * cols }, (_, i) => (i % cols === 7 ? 1 : i % cols === 8 ? -1 : 0))
  data[3 * cols + 50] = NaN
  return { name: 'W', rows, cols, data }
}

describe('WeightHeatmap', () => {
  it('paints every cell of a 10 × 100 matrix with its diverging colour and marks NaN cells', async () => {
    setActivePinia(createPinia())
    const { calls } = installCanvas()
    w = mount(WeightHeatmap, { props: { matrix: matrix(10, 100), kind: 'nac', title: 'Learned' }, attachTo: document.body })
    await settle()
    const cells = calls.filter((c) => c.op === 'fillRect')
    // 1000 cells, the NaN one drawn as a grey cell with a cross
    expect(cells).toHaveLength(1000)
    expect(cells.filter((c) => c.fillStyle === divergingColour(1, 1))).toHaveLength(10)
    expect(cells.filter((c) => c.fillStyle === divergingColour(-1, 1))).toHaveLength(10)
    const [x, , width, height] = cells[0].args as number[]
    expect(width).toBeGreaterThanOrEqual(6)
    expect(height).toBeGreaterThanOrEqual(12)
    expect(x).toBeGreaterThan(0)
    expect(calls.filter((c) => c.op === 'fillText').map((c) => c.args[0])).toEqual(
      expect.arrayContaining(['out 0', 'out 9', '0', '20', '80'])
    )
    expect(w.get('canvas').attributes('aria-label')).toBe('Learned: 10 rows by 100 inputs, colour scale −1 to 1')
  })

  it('reads out the value under the keyboard cursor', async () => {
    setActivePinia(createPinia())
    installCanvas()
    w = mount(WeightHeatmap, {
      props: { matrix: matrix(10, 100), kind: 'nac', title: 'Learned', rowLabels: Array.from({ length: 10 }, (_, k) => `y${k}`) }
    })
    const canvas = w.get('canvas')
    for (let i = 0; i < 8; i++) await canvas.trigger('keydown', { key: 'ArrowRight' })
    expect(w.get('.readout').text()).toBe('y0, input 8: -1')
    await canvas.trigger('keydown', { key: 'ArrowDown' })
    expect(w.get('.readout').text()).toBe('y1, input 8: -1')
  })
})
