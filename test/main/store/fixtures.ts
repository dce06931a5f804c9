import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ExperimentSpec, modelLabel, type EpochMetrics, type ExperimentSpecInput, type ModelSpec } from '@shared/domain'
import type { NewRun } from '../../../src-main/store'

export const ROOT = join(import.meta.dirname, '..', '..', '..')
export const MIGRATIONS = join(ROOT, 'db')

/** A temp folder removed by the returned cleanup. */
export function tempDir(prefix = 'nalu-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The marker a process that died with the file open leaves behind (a pid that no longer runs). */
export function deadMarker(path: string): string {
  const gone = spawnSync(process.execPath, ['-e', '0']).pid
  mkdirSync(`${path}-sessions`, { recursive: true })
  const name = `${gone}_1_123-deadbeef`
  writeFileSync(join(`${path}-sessions`, name), '')
  return name
}

export function spec(over: Partial<ExperimentSpecInput> = {}): ExperimentSpec {
  return ExperimentSpec.parse({
    name: 'Mystery problem',
    problem: {
      kind: 'mystery',
      inDim: 4,
      outDim: 2,
      ops: ['add', 'mul'],
      train: { size: 100, range: { lo: -10, hi: 10 } },
      interp: { size: 100, range: { lo: -10, hi: 10 } },
      extrap: { size: 100, range: { lo: -50, hi: 50 } }
    },
    models: [{ units: [{ kind: 'nac' }] }, { units: [{ kind: 'nalu' }] }],
    training: { epochs: 10, batchSize: 32, optimizer: { kind: 'adam' } },
    seeds: [1, 2],
    ...over
  })
}

/** One NewRun per model × seed of the spec, as the experiments feature builds them. */
export function runsOf(s: ExperimentSpec): NewRun[] {
  return s.models.flatMap((m: ModelSpec) =>
    s.seeds.map((seed) => ({
      model: modelLabel(m),
      modelSpec: m,
      seed,
      config: {
        kind: 'pairs' as const,
        inDim: 4,
        outputs: [
          { i: 0, j: 1, op: 'add' as const },
          { i: 2, j: 3, op: 'mul' as const }
        ]
      },
      configHash: `hash-${modelLabel(m)}-${seed}`,
      outputs: 2
    }))
  )
}

/** Deterministic, awkward floats (not short decimals) so exactness is really tested. */
export function epoch(n: number, runId = 1): EpochMetrics {
  const x = Math.sin(n * 12.9898 + runId * 78.233) * 43758.5453
  const f = x - Math.floor(x)
  return {
    epoch: n,
    trainMse: f / n,
    interpMse: (f * 1.1) / n + 1e-17,
    extrapMse: (Math.PI * f * 1e5) / n,
    perOutput: { interp: [f / 3, f / 7], extrap: [f * 1e-300, f * 1e300] },
    wallMs: n * 3.141592653589793
  }
}

export function epochs(from: number, to: number, runId = 1): EpochMetrics[] {
  const out: EpochMetrics[] = []
  for (let n = from; n <= to; n++) out.push(epoch(n, runId))
  return out
}

export const ENV = { path: 'fused' as const, backend: 'cpu', versions: { node: process.version } }
