import type { GeneratedConfig, ProblemSpec } from '@shared/domain'
import { generateData, type ProblemData } from '../problems'

/**
 * The data sets of the last (problem, config, seed) asked for: a process that trains several
 * models on one seed (a preset's runs, sent to one training process) draws them once. Data sets
 * are never written (the kernels pin them), so sharing them between runs is safe; only the last
 * is kept, so a long study holds one seed's sets at a time.
 */
let last: { key: string; data: ProblemData } | null = null

export function dataFor(problem: ProblemSpec, config: GeneratedConfig, seed: number, want: { train: boolean }): ProblemData {
  const key = JSON.stringify([problem, config, seed, want.train])
  if (last?.key !== key) last = { key, data: generateData(problem, config, seed, want) }
  return last.data
}
