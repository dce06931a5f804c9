import { describe, expect, it } from 'vitest'
import { FigureOptions, type EpochMetrics } from '@shared/domain'
import { figureLines, lossPoints } from '@shared/figures'

const at = (epoch: number, extrapMse: number): EpochMetrics => ({
  epoch,
  trainMse: 1,
  interpMse: 1,
  extrapMse,
  wallMs: epoch * 250,
  perOutput: { interp: [], extrap: [] }
})

describe('lossPoints', () => {
  it('gives a loss against the epoch or the wall time in seconds, without NaN or ±∞', () => {
    const epochs = [at(1, 4), at(2, NaN), at(3, 2), at(4, Infinity), at(5, 1)]
    expect(lossPoints(epochs, 'extrapMse', 'epoch')).toEqual([
      { x: 1, y: 4 },
      { x: 3, y: 2 },
      { x: 5, y: 1 }
    ])
    expect(lossPoints(epochs, 'extrapMse', 'wall').map((p) => p.x)).toEqual([0.25, 0.75, 1.25])
  })

  it('makes the points once per epochs array, hands out a list of its own each time, and reads a grown array again', () => {
    const epochs = [at(1, 4), at(2, 3)]
    const first = lossPoints(epochs, 'extrapMse', 'epoch')
    const again = lossPoints(epochs, 'extrapMse', 'epoch')
    expect(again).not.toBe(first)
    expect(again[1]).toBe(first[1])
    // a chart that takes the list as its data cannot change what the next chart gets
    first.length = 0
    expect(lossPoints(epochs, 'extrapMse', 'epoch')).toHaveLength(2)
    epochs.push(at(3, 2))
    expect(lossPoints(epochs, 'extrapMse', 'epoch').map((p) => p.y)).toEqual([4, 3, 2])
    // another loss of the same epochs is its own
    expect(lossPoints(epochs, 'trainMse', 'epoch').map((p) => p.y)).toEqual([1, 1, 1])
  })

  it('is what figureLines draws of an unsmoothed run, and a floored log axis leaves the kept points as they are', () => {
    const epochs = [at(1, 4), at(2, 0), at(3, 1)]
    const run = { id: 1, label: 'nac', model: 'nac', seed: 1, preset: null, experimentName: 'E', series: epochs }
    const above = [at(1, 3), at(2, 2), at(3, 1.5)]
    const other = { ...run, id: 2, seed: 2, series: above }
    const { lines, floor } = figureLines([run, other], FigureOptions.parse({ metric: 'extrap' }))
    expect(floor).toBe(0.1)
    expect(lines[0].main.map((p) => p.y)).toEqual([4, 0.1, 1])
    expect(lines[0].floored).toBe(true)
    expect(lossPoints(epochs, 'extrapMse', 'epoch').map((p) => p.y)).toEqual([4, 0, 1])
    // a line with nothing at or below zero is drawn as it is, and is not marked floored
    expect(lines[1].main).toEqual(lossPoints(above, 'extrapMse', 'epoch'))
    expect(lines[1].floored).toBe(false)
  })
})
