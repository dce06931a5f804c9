import { describe, expect, it } from 'vitest'
import { CSV_HEADER, openStore } from '../../../src-main/store'
import { ENV, epochs, runsOf, spec } from './fixtures'
import { parseCsv } from '../../helpers/csv'

const toNumber = (t: string): number => (t === '-0' ? -0 : Number(t))

describe('per-epoch CSV', () => {
  it('has every epoch of every run, in the ids’ order, each number reading back as the same double', () => {
    const store = openStore(':memory:')
    const s = spec()
    const runs = runsOf(s)
    runs[1] = { ...runs[1], model: 'custom, "quoted" model' }
    const ids = store.createExperiment(s, runs).runIds
    for (const id of ids) {
      store.markRunning(id, ENV)
      store.appendEpochs(id, epochs(1, 250, id))
    }
    store.appendEpochs(ids[0], [{ epoch: 251, trainMse: NaN, interpMse: Infinity, extrapMse: -Infinity, perOutput: { interp: [], extrap: [] }, wallMs: 0 }])
    const rows = parseCsv(store.epochsCsv([ids[1], ids[0]]))
    expect(rows[0]).toEqual([...CSV_HEADER])
    expect(rows[0].join(',')).toBe('run_id,model,seed,epoch,train_mse,interp_mse,extrap_mse,wall_ms')
    expect(rows).toHaveLength(1 + 250 + 251)
    expect(rows[1].slice(0, 4)).toEqual([String(ids[1]), 'custom, "quoted" model', '2', '1'])
    rows.slice(1, 251).forEach((r, i) => {
      const e = epochs(1, 250, ids[1])[i]
      expect(r.slice(4).map(toNumber)).toEqual([e.trainMse, e.interpMse, e.extrapMse, e.wallMs])
    })
    expect(rows[251 + 250].slice(3)).toEqual(['251', 'NaN', 'Infinity', '-Infinity', '0'])
    expect(() => store.epochsCsv([ids[0], 777])).toThrow(expect.objectContaining({ code: 'not_found', message: 'Run 777 does not exist' }))
    store.close()
  })
})
