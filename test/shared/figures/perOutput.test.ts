import { describe, expect, it } from 'vitest'
import type { GeneratedConfig } from '@shared/domain'
import { outputOps, splitSeries } from '@shared/figures/perOutput'
import { syntheticSeries } from './fixtures'

const pairs: GeneratedConfig = {
  kind: 'pairs',
  inDim: 4,
  outputs: [
    { i: 0, j: 1, op: 'add' },
    { i: 2, j: 3, op: 'mul' },
    { i: 1, j: 2, op: 'mul' }
  ]
}

function threeOutputs(id: number) {
  const s = syntheticSeries(id, 'nalu', 0, 4)
  s.series = s.series.map((e, t) => ({ ...e, perOutput: { interp: [1, 10 + t, 30 + t], extrap: [2, 100 + t, 300 + t] } }))
  return s
}

describe('loss per output and per operation', () => {
  it('names each output as the per-output table does', () => {
    expect(outputOps(pairs).map((o) => o.name)).toEqual(['y0 = x0 + x1', 'y1 = x2 × x3', 'y2 = x1 × x2'])
    expect(outputOps({ kind: 'subsets', inDim: 10, op: 'div', a: [0, 3], b: [2, 5] })).toEqual([{ op: 'div', name: 'a ÷ b' }])
  })

  it('splits a run into one series per output, its losses that output’s', () => {
    const parts = splitSeries([threeOutputs(5)], new Map([[5, pairs]]), 'output')
    expect(parts.map((p) => p.part?.name)).toEqual(['y0 = x0 + x1', 'y1 = x2 × x3', 'y2 = x1 × x2'])
    expect(parts[1].series.map((e) => e.extrapMse)).toEqual([100, 101, 102, 103])
    expect(parts[2].series[0].interpMse).toBe(30)
    expect(parts.every((p) => p.id === 5 && Number.isNaN(p.series[0].trainMse))).toBe(true)
  })

  it('averages the outputs of each operation, in + − × ÷ order', () => {
    const parts = splitSeries([threeOutputs(5)], new Map([[5, pairs]]), 'op')
    expect(parts.map((p) => p.part?.name)).toEqual(['+', '×'])
    expect(parts[1].series[1].extrapMse).toBe((101 + 301) / 2)
    expect(parts[0].series[1].extrapMse).toBe(2)
  })

  it('leaves a run whole when its config is unknown', () => {
    const s = threeOutputs(6)
    expect(splitSeries([s], new Map(), 'op')).toEqual([s])
  })
})
