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

/** One run's count: how many outputs its final weights read and how many equal the truth; null without weights. */
export interface RunRecovered {
  model: string
  counts: { outputs: number; recovered: number } | null
}

/** The count of one run (what the store keeps per run, so that a comparison never reads weights again). */
export function runRecovered(
  modelSpec: ModelSpec,
  weights: LearnedWeights,
  config: GeneratedConfig
): { outputs: number; recovered: number } {
  const formulas = learnedFormulas(modelSpec, weights, config)
  return { outputs: formulas.length, recovered: recoveredCount(formulas) }
}

/** Per model, in the order models first appear, from the runs' counts. */
export function sumRecovered(runs: Iterable<RunRecovered>): RecoveredByModel[] {
  const by = new Map<string, RecoveredByModel>()
  for (const r of runs) {
    const row = by.get(r.model) ?? { model: r.model, runs: 0, outputs: 0, recovered: 0, everyOutput: 0 }
    by.set(r.model, row)
    if (!r.counts) continue
    row.runs++
    row.outputs += r.counts.outputs
    row.recovered += r.counts.recovered
    if (r.counts.recovered === r.counts.outputs) row.everyOutput++
  }
  return [...by.values()]
}

export function recoveredByModel(runs: Iterable<RunWeights>): RecoveredByModel[] {
  const counts: RunRecovered[] = []
  for (const r of runs) counts.push({ model: r.model, counts: r.weights ? runRecovered(r.modelSpec, r.weights, r.config) : null })
  return sumRecovered(counts)
}
