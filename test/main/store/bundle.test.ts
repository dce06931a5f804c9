import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type LabStore } from '../../../src-main/store'
import { BUNDLE_VERSION, type BundleFile } from '../../../src-main/store/bundle-schema'
import { ENV, epoch, epochs, runsOf, spec, tempDir } from './fixtures'

let dir: string
let cleanup: () => void
beforeEach(() => ({ dir, cleanup } = tempDir()))
afterEach(() => cleanup())

/** A row without its local ids, which a bundle does not carry from one database to another. */
function without<T extends object>(row: T, ...keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k as keyof T))) as Partial<T>
}

/** Every stored row about the runs, with local ids replaced by the uids that travel in bundles. */
function dump(path: string): unknown {
  const db = new Database(path, { readonly: true })
  const all = (sql: string): Record<string, unknown>[] => db.prepare(sql).all() as Record<string, unknown>[]
  const out = {
    experiments: all('SELECT uid, name, preset, spec, created_at FROM experiments ORDER BY uid'),
    runs: all(`SELECT r.*, e.uid AS experiment_uid FROM runs r JOIN experiments e ON e.id = r.experiment_id ORDER BY r.uid`).map((r) =>
      without(r, 'id', 'experiment_id')
    ),
    details: all('SELECT r.uid, d.* FROM run_details d JOIN runs r ON r.id = d.run_id ORDER BY r.uid').map((r) => without(r, 'run_id')),
    tags: all('SELECT r.uid, t.pos, t.tag FROM run_tags t JOIN runs r ON r.id = t.run_id ORDER BY r.uid, t.pos'),
    epochs: all('SELECT r.uid, x.* FROM epochs x JOIN runs r ON r.id = x.run_id ORDER BY r.uid, x.epoch').map((r) => without(r, 'run_id'))
  }
  db.close()
  return out
}

/** The last epoch of a diverged run: every value JSON cannot carry as a plain number. */
const AWKWARD_EPOCH = {
  epoch: 31,
  trainMse: NaN,
  interpMse: Infinity,
  extrapMse: -Infinity,
  perOutput: { interp: [NaN, -0], extrap: [Infinity, 5e-324] },
  wallMs: 1e-310
}

/** Two experiments, runs in several end states with awkward floats, NaN, ±Infinity, -0 and weights. */
function fill(store: LabStore): number[] {
  const a = spec({ name: 'A', tags: ['paper', 'nac'], notes: 'notes with "quotes", commas, NaN and émoji 🧮', preset: 'mystery-article' })
  const b = spec({ name: 'B', seeds: [3], models: [{ units: [{ kind: 'nau' }, { kind: 'nmu' }] }] })
  const ids = [...store.createExperiment(a, runsOf(a)).runIds, ...store.createExperiment(b, runsOf(b)).runIds]
  ids.forEach((id, i) => {
    store.markRunning(id, { ...ENV, versions: { node: process.version, tfjs: '4.22.0' } })
    store.appendEpochs(id, epochs(1, 30, id))
    if (i === 1) {
      store.appendEpochs(id, [AWKWARD_EPOCH])
      store.finishRun(id, { status: 'diverged', error: 'NaN loss at epoch 31', divergedAtEpoch: 31 })
    } else {
      store.finishRun(id, {
        status: 'completed',
        final: { trainMse: 0.1 + 0.2, interpMse: 1 / 3, extrapMse: NaN, success: [true, false], thresholds: [1e-5 / 3, Number.MIN_VALUE] },
        weights: {
          units: [
            { kind: 'nac', matrices: [{ name: 'W', rows: 2, cols: 2, data: [Math.E, -0, Infinity, 2 ** -1074] }], gates: [Math.LN2, 0.5] }
          ]
        }
      })
    }
  })
  store.updateRun(ids[0], { tags: ['best'], notes: 'edited after the run' })
  return ids
}

describe('bundles', () => {
  it('exports runs that were just read for a chart (shared statements keep their row shape)', () => {
    const store = openStore(join(dir, 'lab.db'))
    const ids = fill(store)
    // runs.get and runs.series read epochs with the same SQL in raw (array) mode
    expect(store.getRun(ids[0])?.series).toHaveLength(30)
    expect(store.getSeries(ids)).toHaveLength(ids.length)
    const bundle = store.exportBundle(ids) as BundleFile
    expect(bundle.runs[0].series.epoch).toHaveLength(30)
    expect(bundle.runs[0].series.interp[0]).toHaveLength(2)
    // and the other way round
    expect(store.getRun(ids[0])?.series[29].epoch).toBe(30)
    store.close()
  })

  it('a round trip through JSON text into another database gives identical rows', () => {
    const srcPath = join(dir, 'src.db')
    const src = openStore(srcPath)
    const ids = fill(src)
    const text = JSON.stringify(src.exportBundle(ids))
    src.close()

    const dstPath = join(dir, 'dst.db')
    const dst = openStore(dstPath)
    // ids differ in the other database: take some first
    const pad = spec({ name: 'already here' })
    dst.createExperiment(pad, runsOf(pad))
    const imported = dst.importBundle(JSON.parse(text))
    expect(imported).toHaveLength(ids.length)
    expect(imported).not.toEqual(ids)
    const before = dst.getRun(imported[1])!
    expect(before.series[30]).toEqual(AWKWARD_EPOCH)
    const padIds = dst.listRuns({ text: 'already here', sort: 'id', dir: 'asc', offset: 0, limit: 10 }).rows.map((r) => r.id)
    for (const id of padIds) dst.finishRun(id, { status: 'cancelled' })
    dst.deleteRuns(padIds)
    dst.close()
    expect(dump(dstPath)).toEqual(dump(srcPath))
  })

  it('what it shows after import is what it showed before, but for the ids', () => {
    const a = openStore(':memory:')
    const ids = fill(a)
    const b = openStore(':memory:')
    const again = b.importBundle(JSON.parse(JSON.stringify(a.exportBundle(ids))))
    ids.forEach((id, i) => {
      const was = without(a.getRun(id)!, 'id', 'experimentId')
      expect(without(b.getRun(again[i])!, 'id', 'experimentId')).toEqual(was)
    })
    a.close()
    b.close()
  })

  it('importing the same bundle twice does not duplicate', () => {
    const a = openStore(':memory:')
    const ids = fill(a)
    const bundle = JSON.parse(JSON.stringify(a.exportBundle(ids))) as BundleFile
    const b = openStore(':memory:')
    const first = b.importBundle(bundle)
    expect(b.importBundle(bundle)).toEqual(first)
    expect(b.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 100 }).total).toBe(ids.length)
    a.close()
    b.close()
  })

  it('a run exported while running arrives interrupted, with its epochs', () => {
    const a = openStore(':memory:')
    const s = spec({ seeds: [1], models: [{ units: [{ kind: 'nac' }] }] })
    const [id] = a.createExperiment(s, runsOf(s)).runIds
    a.markRunning(id, ENV)
    a.appendEpochs(id, [epoch(1, id), epoch(2, id)])
    const b = openStore(':memory:')
    const [copy] = b.importBundle(a.exportBundle([id]))
    expect(b.getRun(copy)).toMatchObject({ status: 'interrupted', epochsDone: 2, error: expect.stringContaining('while it was running') })
    expect(b.recoverInterrupted()).toBe(0)
    a.close()
    b.close()
  })

  it('refuses unknown runs on export', () => {
    const a = openStore(':memory:')
    expect(() => a.exportBundle([5])).toThrow(expect.objectContaining({ code: 'not_found', message: 'Run 5 does not exist' }))
    a.close()
  })

  describe('refuses a bad bundle, naming the field, importing nothing', () => {
    let a: LabStore
    let good: BundleFile
    beforeEach(() => {
      a = openStore(':memory:')
      good = JSON.parse(JSON.stringify(a.exportBundle(fill(a)))) as BundleFile
      a.close()
      a = openStore(':memory:')
    })
    afterEach(() => a.close())

    const cases: [string, (b: BundleFile) => unknown, RegExp][] = [
      ['not a bundle', () => ({ hello: 'world' }), /^Invalid bundle: format: not a NALU Lab bundle/],
      [
        'a newer bundle version',
        (b) => ({ ...b, version: BUNDLE_VERSION + 1 }),
        /^Invalid bundle: version: this bundle was written by a newer NALU Lab/
      ],
      [
        'a malformed run',
        (b) => {
          ;(b.runs[1] as { seed: unknown }).seed = 'one'
          return b
        },
        /^Invalid bundle: runs\[1\]\.seed: /
      ],
      [
        'an invalid spec',
        (b) => {
          ;(b.experiments[0].spec as { training: { epochs: number } }).training.epochs = 0
          return b
        },
        /^Invalid bundle: experiments\[0\]\.spec\.training\.epochs: /
      ],
      [
        'an invalid model',
        (b) => {
          b.runs[2].modelSpec = { units: [] }
          return b
        },
        /^Invalid bundle: runs\[2\]\.modelSpec\.units: /
      ],
      [
        'a short series column',
        (b) => {
          b.runs[0].series.wallMs.pop()
          return b
        },
        /^Invalid bundle: runs\[0\]\.series: every series column must have one entry per epoch/
      ],
      [
        'uneven per-output arrays',
        (b) => {
          b.runs[3].series.extrap[4].pop()
          return b
        },
        /^Invalid bundle: runs\[3\]\.series\.extrap\[4\]: has 1 entries, interp has 2/
      ],
      [
        'a run without its experiment',
        (b) => {
          b.runs[4].experimentUid = 'nope'
          return b
        },
        /^Invalid bundle: runs\[4\]\.experimentUid: no experiment nope in the bundle/
      ],
      [
        'a string where a number goes',
        (b) => {
          ;(b.runs[0].series.trainMse as unknown[])[3] = 'lots'
          return b
        },
        /^Invalid bundle: runs\[0\]\.series\.trainMse\[3\]: /
      ]
    ]
    for (const [what, spoil, message] of cases) {
      it(what, () => {
        let err: unknown
        try {
          a.importBundle(spoil(structuredClone(good)))
        } catch (e) {
          err = e
        }
        expect(err).toMatchObject({ code: 'invalid', message: expect.stringMatching(message) })
        expect(a.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 100 }).total).toBe(0)
      })
    }
  })
})
