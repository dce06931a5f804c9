import { createHash } from 'node:crypto'
import type { GeneratedConfig, ModelSpec, ProblemSpec, TrainingSpec } from '@shared/domain'
import { ENGINE_VERSION } from './path'

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * Everything that decides a run's numbers, hashed: two runs with the same hash trained the same
 * model on the same data in the same way (SHA-256, first 16 hex digits).
 */
export function configHash(run: {
  problem: ProblemSpec
  config: GeneratedConfig
  model: ModelSpec
  training: TrainingSpec
  seed: number
}): string {
  const text = canonical({ engine: ENGINE_VERSION, ...run })
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}
