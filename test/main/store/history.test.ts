import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SORT_COLUMNS, type HistoryQueryInput, HistoryQuery, type RunRow } from '@shared/domain'
import { openStore, type LabStore } from '../../../src-main/store'
import { ENV, epochs, runsOf, spec } from './fixtures'

let store: LabStore
let all: RunRow[]

const q = (input: HistoryQueryInput): ReturnType<LabStore['listRuns']> => store.listRuns(HistoryQuery.parse(input))

/**
 * Three experiments: a preset one with tags and notes, a free one, and one with 100% and _ in its
 * name; runs in every state, metrics spread so sorts are checkable.
 */
beforeAll(() => {
  store = openStore(':memory:')
  const a = spec({
    name: 'Paper replication',
    preset: 'mystery-article',
    tags: ['paper', 'nac'],
    notes: 'Following Trask et al.',
    seeds: [1, 2, 3]
  })
  const b = spec({ name: 'Quick check', models: [{ units: [{ kind: 'nau' }, { kind: 'nmu' }] }], seeds: [4, 5] })
  const c = spec({ name: '100% extrap_test', preset: 'extrapolation', tags: ['nac2'], seeds: [6] })
  const ids = [a, b, c].flatMap((s) => store.createExperiment(s, runsOf(s)).runIds)
  ids.forEach((id, i) => {
    if (i % 5 === 4) return // stays queued
    store.markRunning(id, ENV)
    store.appendEpochs(id, epochs(1, 1 + (i % 4), id))
    if (i % 5 === 3) return // stays running
    const status = (['completed', 'diverged', 'failed'] as const)[i % 3]
    const m = ((i * 7919) % 13) / 10
    store.finishRun(id, {
      status,
      final: { trainMse: m, interpMse: m * 2, extrapMse: 10 - m, success: [i % 2 === 0, i % 3 === 0], thresholds: [1, 1] }
    })
  })
  store.updateRun(ids[1], { notes: 'the NALU gate looks stuck' })
  all = q({ limit: 1000 }).rows
})
afterAll(() => store.close())

function sortedLike(col: (typeof SORT_COLUMNS)[number], dir: 'asc' | 'desc', rows: RunRow[]): number[] {
  const sign = dir === 'asc' ? 1 : -1
  return [...rows]
    .sort((x, y) => {
      const a = x[col]
      const b = y[col]
      if (a === null || b === null) return a === b ? sign * (x.id - y.id) : a === null ? 1 : -1 // empty last
      if (a < b) return -sign
      if (a > b) return sign
      return sign * (x.id - y.id)
    })
    .map((r) => r.id)
}

describe('the history list', () => {
  it('lists every run, newest first by default, with its total', () => {
    expect(all).toHaveLength(10)
    const page = q({})
    expect(page.total).toBe(10)
    expect(page.rows.map((r) => r.id)).toEqual(all.map((r) => r.id))
    expect(page.rows.map((r) => r.id)).toEqual([...page.rows.map((r) => r.id)].sort((a, b) => b - a))
  })

  for (const col of SORT_COLUMNS) {
    for (const dir of ['asc', 'desc'] as const) {
      it(`sorts by ${col} ${dir}, empty values last`, () => {
        expect(q({ sort: col, dir, limit: 1000 }).rows.map((r) => r.id)).toEqual(sortedLike(col, dir, all))
      })
    }
  }

  it('pages without gaps or overlaps, keeping the total', () => {
    const pages = [0, 4, 8].map((offset) => q({ sort: 'extrapMse', dir: 'asc', offset, limit: 4 }))
    expect(pages.map((p) => p.total)).toEqual([10, 10, 10])
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(sortedLike('extrapMse', 'asc', all))
    expect(q({ offset: 100 }).rows).toEqual([])
  })

  it('filters by model, status, preset and experiment', () => {
    expect(q({ model: 'nau→nmu' }).rows.map((r) => r.model)).toEqual(Array(2).fill('nau→nmu'))
    const completed = q({ status: 'completed', limit: 1000 })
    expect(completed.total).toBe(all.filter((r) => r.status === 'completed').length)
    expect(completed.rows.every((r) => r.status === 'completed')).toBe(true)
    expect(q({ status: 'queued' }).rows.map((r) => r.status)).toEqual(all.filter((r) => r.status === 'queued').map(() => 'queued'))
    expect(q({ preset: 'mystery-article' }).total).toBe(6)
    expect(q({ experimentId: all[0].experimentId }).total).toBe(2)
    expect(q({ model: 'no-such-model' })).toEqual({ rows: [], total: 0 })
  })

  it('matches a tag exactly', () => {
    expect(q({ tag: 'nac' }).total).toBe(6)
    expect(q({ tag: 'nac2' }).total).toBe(2)
    expect(q({ tag: 'na' }).total).toBe(0)
  })

  it('finds free text in experiment names and run notes, case-insensitively, % and _ taken literally', () => {
    expect(q({ text: 'replication' }).total).toBe(6)
    expect(q({ text: 'TRASK' }).total).toBe(5) // one run's notes were edited
    expect(q({ text: 'gate looks' }).rows.map((r) => r.notes)).toEqual(['the NALU gate looks stuck'])
    expect(q({ text: '100%' }).total).toBe(2)
    expect(q({ text: '0%' }).total).toBe(2)
    expect(q({ text: 'p_t' }).total).toBe(2) // "extrap_test" only: _ is not a wildcard
    expect(q({ text: '%' }).total).toBe(2)
    expect(q({ text: '   ' }).total).toBe(10)
  })

  it('combines filters with a sort', () => {
    const page = q({ preset: 'mystery-article', status: 'completed', model: 'nac', sort: 'trainMse', dir: 'asc' })
    const expected = all.filter((r) => r.preset === 'mystery-article' && r.status === 'completed' && r.model === 'nac')
    expect(page.total).toBe(expected.length)
    expect(page.rows.map((r) => r.id)).toEqual(sortedLike('trainMse', 'asc', expected))
  })

  it('shows each row as the table needs it', () => {
    const row = all.find((r) => r.status === 'completed' && r.preset === 'mystery-article')!
    expect(row).toMatchObject({ experimentName: 'Paper replication', tags: ['paper', 'nac'], backend: 'cpu', outputs: 2, epochs: 10 })
    expect(row.successCount).toBeGreaterThanOrEqual(0)
    expect(row.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    // a running run shows its newest epoch's metrics, and sorts by them
    const running = all.find((r) => r.status === 'running')!
    const last = store.getRun(running.id)!.series.at(-1)!
    expect(running).toMatchObject({ trainMse: last.trainMse, interpMse: last.interpMse, extrapMse: last.extrapMse, successCount: null })
    const queued = all.find((r) => r.status === 'queued')!
    expect(queued).toMatchObject({ trainMse: null, successCount: null, epochsDone: 0, backend: null })
  })
})
