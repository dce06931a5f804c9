import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Result } from '@shared/api'
import type { FilePayload } from '@shared/contract'
import { Router } from '../../../src-main/ipc/router'
import { setupFigures } from '../../../src-main/features/figures'
import { strictContext } from '../../helpers/strictContext'
import { EPOCHS, seededStore } from '../export/seededStore'
import { pngSize } from '../export/inspect'
import { readZip } from '../export/readZip'

let db: ReturnType<typeof seededStore>
let router: Router

beforeAll(() => {
  db = seededStore()
  const { ctx } = strictContext(db.store)
  router = ctx.router
  setupFigures(ctx)
})
afterAll(() => db.cleanup())

async function exportOk(payload: unknown): Promise<FilePayload> {
  const r = (await router.dispatch('figures.export', payload)) as Result<FilePayload>
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}
const text = (f: FilePayload) => Buffer.from(f.base64, 'base64').toString('utf8')

describe('figures.export', () => {
  it('returns CSV with epochs × runs rows whose values equal the stored ones', async () => {
    const ids = db.runIds.slice(0, 4)
    const f = await exportOk({ ids, format: 'csv', options: { metric: 'extrap' } })
    expect(f).toMatchObject({ fileName: 'mystery-problem-extrap-loss.csv', mime: 'text/csv' })
    const rows = text(f)
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
    expect(rows).toHaveLength(EPOCHS * ids.length)
    for (const id of ids) {
      const stored = db.store.getRun(id)?.series.map((e) => e.extrapMse)
      expect(rows.filter((r) => r[0] === String(id)).map((r) => Number(r[9]))).toEqual(stored)
    }
  })

  it('keeps the requested run order (it decides the colours)', async () => {
    const [a, b] = db.runIds
    const rows = text(await exportOk({ ids: [b, a], format: 'csv', options: { metric: 'train' } })).split('\n')
    expect(rows[1].startsWith(`${b},`)).toBe(true)
    expect(rows[1 + EPOCHS].startsWith(`${a},`)).toBe(true)
  })

  it('draws a PNG at the requested scale and uses the given base name', async () => {
    const f = await exportOk({
      ids: db.runIds,
      format: 'png',
      options: { metric: 'train', widthPx: 500, heightPx: 300 },
      scale: 3,
      baseName: 'fig2'
    })
    expect(f.fileName).toBe('fig2.png')
    expect(pngSize(Buffer.from(f.base64, 'base64'))).toEqual({ width: 1500, height: 900 })
  })

  it('names lines by architecture for a figure set', async () => {
    const [nacSeed1, , naluSeed1] = db.runIds
    const json = JSON.parse(
      text(await exportOk({ ids: [nacSeed1, naluSeed1], format: 'json', options: { metric: 'train' }, legend: 'model' }))
    ) as { runs: { label: string }[] }
    expect(json.runs.map((r) => r.label)).toEqual(['nac', 'nalu'])
  })

  it('refuses unknown run ids, naming them', async () => {
    const r = await router.dispatch('figures.export', { ids: [db.runIds[0], 9998, 9999], format: 'svg', options: { metric: 'train' } })
    expect(r).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Runs 9998, 9999 do not exist' } })
  })

  it('refuses an unknown format or option at the field', async () => {
    const r = await router.dispatch('figures.export', { ids: db.runIds, format: 'gif', options: { metric: 'train' } })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid', field: 'format' } })
    const s = await router.dispatch('figures.export', { ids: db.runIds, format: 'png', options: { metric: 'train', smoothing: 1 } })
    expect(s).toMatchObject({ ok: false, error: { code: 'invalid', field: 'options.smoothing' } })
  })
})

describe('figures.save (desktop)', () => {
  it('hands the exported bytes to the save dialog on the main side and answers only where they went', async () => {
    const { ctx } = strictContext(db.store)
    const saved: { fileName: string; mime: string; bytes: Uint8Array }[] = []
    setupFigures({ ...ctx, saveFile: (file) => (saved.push(file), Promise.resolve(`/home/me/${file.fileName}`)) })
    const req = { ids: db.runIds.slice(0, 2), format: 'csv', options: { metric: 'train' }, baseName: 'fig' }
    expect(await ctx.router.dispatch('figures.save', req)).toEqual({ ok: true, value: { path: '/home/me/fig.csv' } })
    expect(saved.map((f) => [f.fileName, f.mime])).toEqual([['fig.csv', 'text/csv']])
    // the very bytes figures.export gives the browser
    expect(Buffer.from(saved[0].bytes).toString('base64')).toBe((await exportOk(req)).base64)
  })

  it('is refused where there is no save dialog (browser mode downloads figures.export instead)', async () => {
    const r = await router.dispatch('figures.save', { ids: db.runIds.slice(0, 1), format: 'csv', options: { metric: 'train' } })
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } })
  })
})

describe('figures.bundle and figures.saveBundle', () => {
  const names = ['png', 'svg', 'pdf', 'csv', 'json'].flatMap((ext) => [
    `mystery-problem-train-loss.${ext}`,
    `mystery-problem-extrap-loss.${ext}`
  ])

  it('puts the figure set and its data in one .zip, each member the file figures.export gives', async () => {
    const ids = db.runIds.slice(0, 3)
    const r = (await router.dispatch('figures.bundle', { ids, options: { metric: 'train', smoothing: 0.5 } })) as Result<FilePayload>
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value).toMatchObject({ fileName: 'mystery-problem-bundle.zip', mime: 'application/zip' })
    const members = readZip(Buffer.from(r.value.base64, 'base64'))
    expect(members.map((m) => m.name)).toEqual(names)
    const csv = await exportOk({ ids, format: 'csv', options: { metric: 'extrap', smoothing: 0.5, xAxis: 'epoch' }, legend: 'model' })
    expect(members[7].bytes.toString('base64')).toBe(csv.base64)
    const json = JSON.parse(members[8].bytes.toString('utf8')) as { runs: { configHash: string }[] }
    expect(json.runs).toHaveLength(3)
    expect(json.runs[0].configHash).toEqual(expect.any(String))
  })

  it('desktop: one save dialog for the whole bundle; browser mode has none', async () => {
    const { ctx } = strictContext(db.store)
    const saved: { fileName: string; mime: string }[] = []
    setupFigures({ ...ctx, saveFile: (file) => (saved.push(file), Promise.resolve(`/home/me/${file.fileName}`)) })
    const req = { ids: db.runIds.slice(0, 2), options: { metric: 'train' } }
    expect(await ctx.router.dispatch('figures.saveBundle', req)).toEqual({
      ok: true,
      value: { path: '/home/me/mystery-problem-bundle.zip' }
    })
    expect(saved.map((f) => [f.fileName, f.mime])).toEqual([['mystery-problem-bundle.zip', 'application/zip']])
    const none = await router.dispatch('figures.saveBundle', req)
    expect(none).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    const bad = await router.dispatch('figures.bundle', { ids: [db.runIds[0], 9999], options: { metric: 'train' } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})
