import { z } from 'zod'
import type { GeneratedConfig, LearnedWeights, ModelSpec } from '../domain'
import { learnedFormulas, recoveredCount } from './formula'

/**
 * How many outputs each model recovered exactly (its learned formula clean and equal to the truth),
 * over runs with stored final weights: what Compare and the study page show per model.
 */
export const RecoveredByModel = z.object({
  model: z.string(),
  /** runs of this model with final weights (running, failed or diverged runs have none) */
  runs: z.number().int().min(0),
  outputs: z.number().int().min(0),
  recovered: z.number().int().min(0),
  /** runs that recovered every one of their outputs */
  everyOutput: z.number().int().min(0)
})
export type RecoveredByModel = z.infer<typeof RecoveredByModel>

export interface RunWeights {
  model: string
  modelSpec: ModelSpec
  config: GeneratedConfig
  weights: LearnedWeights | null
}

export function recoveredByModel(runs: Iterable<RunWeights>): RecoveredByModel[] {
  const by = new Map<string, RecoveredByModel>()
  for (const r of runs) {
    const row = by.get(r.model) ?? { model: r.model, runs: 0, outputs: 0, recovered: 0, everyOutput: 0 }
    by.set(r.model, row)
    if (!r.weights) continue
    const formulas = learnedFormulas(r.modelSpec, r.weights, r.config)
    const n = recoveredCount(formulas)
    row.runs++
    row.outputs += formulas.length
    row.recovered += n
    if (n === formulas.length) row.everyOutput++
  }
  return [...by.values()]
}
