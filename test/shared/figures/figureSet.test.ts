import { describe, expect, it } from 'vitest'
import { FigureOptions } from '@shared/domain'
import { figureBaseName, figureSetRequests, fileStem } from '@shared/figures/figureSet'

describe('figure sets', () => {
  it('asks for training and extrapolation loss against epoch, named after the experiment', () => {
    const options = FigureOptions.parse({ metric: 'interp', xAxis: 'wall', smoothing: 0.5, theme: 'print', title: 'x' })
    const runs = [
      { id: 3, experimentName: 'Mystery problem (article)' },
      { id: 4, experimentName: 'Mystery problem (article)' }
    ]
    const reqs = figureSetRequests(runs, 'pdf', options)
    expect(reqs.map((r) => r.baseName)).toEqual(['mystery-problem-article-train-loss', 'mystery-problem-article-extrap-loss'])
    expect(reqs.map((r) => r.options.metric)).toEqual(['train', 'extrap'])
    for (const r of reqs) {
      expect(r.options).toMatchObject({ xAxis: 'epoch', smoothing: 0.5, theme: 'print', title: undefined })
      expect(r).toMatchObject({ ids: [3, 4], format: 'pdf', legend: 'model' })
    }
  })

  it('makes safe file stems', () => {
    expect(fileStem('Ünïcode / name: 2')).toBe('unicode-name-2')
    expect(fileStem('///')).toBe('figure')
    expect(
      figureBaseName(
        [
          { id: 1, experimentName: 'A' },
          { id: 2, experimentName: 'B' }
        ],
        'train'
      )
    ).toBe('runs-1-2-train-loss')
    expect(
      figureSetRequests(
        [
          { id: 1, experimentName: 'A' },
          { id: 2, experimentName: 'B' }
        ],
        'png',
        FigureOptions.parse({ metric: 'train' })
      )[1].baseName
    ).toBe('runs-1-2-extrap-loss')
  })
})
