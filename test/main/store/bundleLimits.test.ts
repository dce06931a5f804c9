import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '@shared/api'
import { invokeChannels } from '@shared/contract'
import { MAX_BUNDLE_CHARS, MAX_MESSAGE_BYTES } from '@shared/limits'
import { openStore, type LabStore } from '../../../src-main/store'
import type { BundleFile } from '../../../src-main/store/bundle-schema'
import { ENV, epochs, runsOf, spec } from './fixtures'

let store: LabStore
let bundle: BundleFile
beforeEach(() => {
  const source = openStore(':memory:')
  const s = spec({ name: 'A' })
  const [id] = source.createExperiment(s, runsOf(s)).runIds
  source.markRunning(id, ENV)
  source.appendEpochs(id, epochs(1, 3, id))
  source.finishRun(id, {
    status: 'completed',
    final: { trainMse: 0.1, interpMse: 0.2, extrapMse: 0.3, success: [true, false], thresholds: [1e-5, 1e-5] },
    weights: { units: [{ kind: 'nac', matrices: [{ name: 'W', rows: 2, cols: 2, data: [1, 0, 0, 1] }], gates: null }] }
  })
  bundle = JSON.parse(JSON.stringify(source.exportBundle([id]))) as BundleFile
  bundle.runs = bundle.runs.slice(0, 1)
  source.close()
  store = openStore(':memory:')
})
afterEach(() => store.close())

function refusal(b: unknown): ApiError {
  try {
    store.importBundle(b)
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('imported')
}

describe('bundle import limits', () => {
  it('imports the unchanged bundle (the limits refuse nothing the app writes)', () => {
    expect(store.importBundle(bundle)).toHaveLength(1)
  })

  it('refuses a matrix claiming more entries than it holds (a 1e9-element matrix never reaches a view)', () => {
    bundle.runs[0].weights!.units[0].matrices[0] = { name: 'W', rows: 1_000_000_000, cols: 1, data: [1] }
    expect(refusal(bundle).field).toBe('runs[0].weights.units[0].matrices[0].rows')
    bundle.runs[0].weights!.units[0].matrices[0] = { name: 'W', rows: 3, cols: 3, data: [1] }
    expect(refusal(bundle).message).toMatch(/rows × cols/)
  })

  it.each([
    ['a 51st tag', (b: BundleFile) => void (b.runs[0].tags = Array.from({ length: 51 }, (_, i) => `t${i}`)), 'runs[0].tags'],
    ['a tag longer than 50', (b: BundleFile) => void (b.runs[0].tags = ['x'.repeat(51)]), 'runs[0].tags[0]'],
    ['an experiment name longer than 200', (b: BundleFile) => void (b.experiments[0].name = 'x'.repeat(201)), 'experiments[0].name'],
    ['notes longer than 20,000', (b: BundleFile) => void (b.runs[0].notes = 'x'.repeat(20_001)), 'runs[0].notes'],
    [
      'more than 1,000 outputs at a point',
      (b: BundleFile) => void (b.runs[0].series.interp[0] = new Array<number>(1001).fill(0)),
      'runs[0].series.interp[0]'
    ],
    ['an epoch count beyond any schedule', (b: BundleFile) => void (b.runs[0].epochs = 1e12), 'runs[0].epochs']
  ])('refuses %s, naming the field', (_name, spoil, field) => {
    spoil(bundle)
    const err = refusal(bundle)
    expect(err.code).toBe('invalid')
    expect(err.field).toBe(field)
    expect(store.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).total).toBe(0)
  })

  it("caps a bundle's text well below 500 MB in the contract, and the socket message just above what that needs", () => {
    const content = invokeChannels['bundles.import'].request.shape.content
    expect(content.maxLength).toBe(MAX_BUNDLE_CHARS)
    expect(MAX_BUNDLE_CHARS).toBeLessThanOrEqual(250_000_000)
    // an exported bundle as base64 plus its envelope fits one message, far below V8's longest string
    expect(MAX_MESSAGE_BYTES).toBeGreaterThan((4 / 3) * MAX_BUNDLE_CHARS + 1000)
    expect(MAX_MESSAGE_BYTES).toBeLessThan((2 ** 29 - 24) * 0.6)
  })
})
