import { describe, expect, it } from 'vitest'
import {
  badIdTokens,
  DEFAULT_COMPARE_VIEW,
  idsFromQuery,
  queryFromView,
  viewFromQuery,
  type CompareView
} from '../../../src-renderer/lib/compareQuery'

describe('Compare view in the URL', () => {
  it('round-trips every setting through the query', () => {
    const v: CompareView = { metric: 'extrap', logY: false, xAxis: 'epoch', smoothing: 0.6, groupBy: 'model', split: 'op' }
    const q = queryFromView([3, 4, 9], v)
    expect(q).toEqual({ ids: '3,4,9', metric: 'extrap', scale: 'linear', smooth: '0.6', group: 'model', per: 'op' })
    const back = Object.fromEntries(Object.entries(q).map(([k, val]) => [k, String(val)]))
    expect(viewFromQuery(back)).toEqual(v)
    expect(idsFromQuery(back)).toEqual([3, 4, 9])
  })

  it('keeps links short: defaults are left out, and an empty query is the default view', () => {
    expect(queryFromView([1], { ...DEFAULT_COMPARE_VIEW })).toEqual({ ids: '1' })
    expect(viewFromQuery({})).toEqual(DEFAULT_COMPARE_VIEW)
  })

  it('ignores unreadable settings and names what is not a run id', () => {
    expect(viewFromQuery({ metric: 'loss', smooth: '7', group: 'seed', x: 'wall' })).toEqual({ ...DEFAULT_COMPARE_VIEW, xAxis: 'wall' })
    expect(badIdTokens({ ids: '3,x,0,5' })).toEqual(['x', '0'])
    expect(badIdTokens({ ids: '3,5' })).toEqual([])
  })
})
