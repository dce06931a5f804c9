import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EpochMetrics } from '@shared/domain'
import { runsOf, spec } from '../store/fixtures'
import { openStore, type LabStore } from '../../../src-main/store'

/** Deterministic awkward floats per run and epoch, so "values equal the stored ones" is a real check. */
export function storedEpoch(n: number, runId: number): EpochMetrics {
  const x = Math.sin(n * 12.9898 + runId * 78.233) * 43758.5453
  const f = x - Math.floor(x) + 0.01
  return {
    epoch: n,
    trainMse: (f * 10) / n,
    interpMse: (f * 11) / n + 1e-17,
    extrapMse: (Math.PI * f * 1e5) / Math.sqrt(n),
    perOutput: { interp: [f / 3, f / 7], extrap: [f, f * 2] },
    wallMs: n * 41.5 + runId
  }
}

export const EPOCHS = 25

/**
 * A store file holding the article-like experiment: nac, nalu and nau→nmu, two seeds each,
 * EPOCHS epochs per run. Returns the store (open), its path and the run ids.
 */
export function seededStore(name = 'Mystery problem'): { store: LabStore; path: string; runIds: number[]; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nalu-export-'))
  const path = join(dir, 'lab.db')
  const store = openStore(path)
  const s = spec({
    name,
    preset: 'mystery',
    models: [{ units: [{ kind: 'nac' }] }, { units: [{ kind: 'nalu' }] }, { units: [{ kind: 'nau' }, { kind: 'nmu' }] }],
    training: { epochs: EPOCHS, batchSize: 32, optimizer: { kind: 'adam' } }
  })
  const { runIds } = store.createExperiment(s, runsOf(s))
  for (const id of runIds) {
    store.markRunning(id, { path: 'fused', backend: 'cpu', versions: { node: process.version } })
    store.appendEpochs(
      id,
      Array.from({ length: EPOCHS }, (_, i) => storedEpoch(i + 1, id))
    )
    store.finishRun(id, { status: 'completed' })
  }
  return {
    store,
    path,
    runIds,
    cleanup: () => {
      store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
