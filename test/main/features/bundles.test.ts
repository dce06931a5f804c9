import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Result } from '@shared/api'
import type { FilePayload } from '@shared/contract'
import { setupBundles } from '../../../src-main/features/bundles'
import { setupRuns } from '../../../src-main/features/runs'
import { openStore, type LabStore } from '../../../src-main/store'
import { BUNDLE_VERSION } from '../../../src-main/store/bundle-schema'
import type { LabContext } from '../../../src-main/ipc/context'
import { ENV, epochs, runsOf, spec } from '../store/fixtures'
import { strictContext } from '../../helpers/strictContext'

let a: { store: LabStore; ctx: LabContext; events: { channel: string; payload: unknown }[] }
let b: typeof a
let ids: number[]

function lab(): typeof a {
  const store = openStore(':memory:')
  const { ctx, events } = strictContext(store)
  setupRuns(ctx)
  setupBundles(ctx)
  return { store, ctx, events }
}

beforeEach(() => {
  a = lab()
  b = lab()
  const s = spec({ name: 'Exported', tags: ['t'] })
  ids = a.store.createExperiment(s, runsOf(s)).runIds
  for (const id of ids) {
    a.store.markRunning(id, ENV)
    a.store.appendEpochs(id, epochs(1, 20, id))
    a.store.finishRun(id, { status: 'completed' })
  }
})
afterEach(() => {
  a.store.close()
  b.store.close()
})

describe('bundles channels', () => {
  it('export gives a JSON file that import turns into the same runs in another database', async () => {
    const out = (await a.ctx.router.dispatch('bundles.export', { ids: ids.slice(0, 2) })) as Result<FilePayload>
    if (!out.ok) throw new Error(out.error.message)
    expect(out.value.mime).toBe('application/json')
    expect(out.value.fileName).toMatch(/^nalu-lab-2-runs-\d{4}-\d\d-\d\d\.json$/)
    const content = Buffer.from(out.value.base64, 'base64').toString('utf8')
    expect(JSON.parse(content)).toMatchObject({ format: 'nalu-lab-bundle', version: BUNDLE_VERSION })

    const back = (await b.ctx.router.dispatch('bundles.import', { content })) as Result<{ runIds: number[] }>
    if (!back.ok) throw new Error(back.error.message)
    expect(back.value.runIds).toHaveLength(2)
    expect(b.events).toEqual([{ channel: 'runs.changed', payload: { reason: 'imported' } }])
    const series = (await b.ctx.router.dispatch('runs.series', { ids: back.value.runIds, perOutput: true })) as Result<
      { series: unknown[] }[]
    >
    if (!series.ok) throw new Error(series.error.message)
    expect(series.value.map((s) => s.series)).toEqual(a.store.getSeries(ids.slice(0, 2)).map((s) => s.series))
  })

  it('names a single run’s file after it', async () => {
    const out = (await a.ctx.router.dispatch('bundles.export', { ids: [ids[0]] })) as Result<FilePayload>
    expect(out.ok && out.value.fileName).toMatch(new RegExp(`^nalu-lab-run-${ids[0]}-\\d{4}-\\d\\d-\\d\\d\\.json$`))
  })

  it('export refuses unknown ids', async () => {
    expect(await a.ctx.router.dispatch('bundles.export', { ids: [ids[0], 404] })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'Run 404 does not exist' }
    })
  })

  it('import refuses text that is not JSON, or not a bundle, naming the field and importing nothing', async () => {
    const notJson = await b.ctx.router.dispatch('bundles.import', { content: '{"format": "nalu-lab-bundle", ' })
    expect(notJson).toMatchObject({
      ok: false,
      error: { code: 'invalid', field: 'content', message: expect.stringMatching(/^Invalid bundle: content is not JSON/) }
    })
    const notBundle = await b.ctx.router.dispatch('bundles.import', { content: '[1, 2, 3]' })
    expect(notBundle).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/^Invalid bundle: /) } })
    expect(b.events).toEqual([])
    expect(b.store.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).total).toBe(0)
  })
})
