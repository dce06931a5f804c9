import type { GeneratedConfig, LearnedWeights, ModelSpec } from '@shared/domain'
import { runRecovered, type RunRecovered } from '@shared/weights'
import { fromExactJson } from './codec'
import { notFound, type StoreDb } from './db'

interface CountSql {
  id: number
  model: string
  has_weights: number
  formula_outputs: number | null
  formula_recovered: number | null
}

/**
 * Each run's count of outputs recovered exactly (migration 005), in the order asked. A run with
 * weights but no count yet (finished before the migration, or its weights changed since) is
 * counted here once and the count kept: only those runs' weights are ever parsed.
 */
export function recoveredCounts(s: StoreDb, ids: readonly number[]): RunRecovered[] {
  const read = s.stmt(
    `SELECT r.id, r.model, d.weights IS NOT NULL AS has_weights, d.formula_outputs, d.formula_recovered
     FROM runs r JOIN run_details d ON d.run_id = r.id WHERE r.id = ?`
  )
  const rows = ids.map((id) => read.get(id) as CountSql | undefined)
  const unknown = ids.filter((_, i) => !rows[i])
  if (unknown.length) throw notFound('Run', unknown)
  return countsOf(s, rows as CountSql[])
}

function countsOf(s: StoreDb, rows: CountSql[]): RunRecovered[] {
  const missing = rows.filter((r) => r.has_weights && (r.formula_outputs === null || r.formula_recovered === null))
  const computed = new Map<number, { outputs: number; recovered: number }>()
  for (const r of missing) {
    const d = s.stmt('SELECT model_spec, config, weights FROM run_details WHERE run_id = ?').get(r.id) as {
      model_spec: string
      config: string
      weights: string
    }
    const weights = fromExactJson<LearnedWeights>(d.weights)
    if (!weights) continue
    computed.set(r.id, runRecovered(JSON.parse(d.model_spec) as ModelSpec, weights, JSON.parse(d.config) as GeneratedConfig))
  }
  if (computed.size) {
    s.write(() => {
      const keep = s.stmt('UPDATE run_details SET formula_outputs = ?, formula_recovered = ? WHERE run_id = ?')
      for (const [id, c] of computed) keep.run(c.outputs, c.recovered, id)
    })
  }
  return rows.map((r) => {
    if (!r.has_weights) return { model: r.model, counts: null }
    const c = computed.get(r.id)
    return { model: r.model, counts: c ?? { outputs: r.formula_outputs as number, recovered: r.formula_recovered as number } }
  })
}
