import { z } from 'zod'
import { Op } from './problem'
import { LossValue, RunStatus } from './run'
import { Seed } from './experiment'
import { Schedule } from './training'

/**
 * A study is an experiment over many seeds, read as the paper reads it: per model (and op), how
 * often it is solved by Madsen & Johansen's rule, with a Wilson 95 % interval, when, and how sparse.
 */
const Quartiles = z.object({ q1: z.number(), median: z.number(), q3: z.number() })
const Interval = z.tuple([z.number(), z.number()])

/** The paper's published row beside ours (src-shared/paper/madsenJohansen2020.ts). */
export const PaperRate = z.object({
  paperModel: z.string(),
  solved: z.number().int(),
  seeds: z.number().int(),
  rate: z.number(),
  /** Wilson 95 % of the paper's counts: what its table prints, unrounded */
  ci: Interval,
  solvedAtMedian: z.number().nullable(),
  sparsityErrorMean: z.number().nullable(),
  source: z.string()
})
export type PaperRate = z.infer<typeof PaperRate>

export const StudyGroup = z.object({
  /** stable within the study: the model's spec, so two models with one label stay apart */
  key: z.string(),
  /** the model's label, suffixed " #2"… when two models of the study share one */
  model: z.string(),
  op: Op.nullable(),
  /** runs of this model in the study, whatever their state */
  runs: z.number().int(),
  /** finished runs with a verdict (completed, or diverged: a diverged run is not solved) */
  judged: z.number().int(),
  solved: z.number().int(),
  rate: z.number().nullable(),
  ci: Interval.nullable(),
  /** over the solved runs, as the paper's "Solved at" */
  solvedAt: Quartiles.nullable(),
  /** mean over the solved runs, as the paper's "Sparsity error" (an arithmetic mean; the paper fits a beta) */
  sparsityErrorMean: z.number().nullable(),
  /** completed runs stored without a verdict (before the paper's rule was applied) */
  unjudged: z.number().int(),
  paper: PaperRate.nullable()
})
export type StudyGroup = z.infer<typeof StudyGroup>

export const StudyProgress = z.object({
  /** models × seeds of the experiment */
  total: z.number().int(),
  /** runs that reached an outcome: completed or diverged */
  done: z.number().int(),
  byStatus: z.record(RunStatus, z.number().int()),
  /** model × seed pairs of the spec with no run (e.g. deleted) */
  missing: z.number().int(),
  /** time left for the queued and running runs, null until there is something to estimate from */
  etaMs: z.number().nullable()
})
export type StudyProgress = z.infer<typeof StudyProgress>

export const StudySummary = z.object({
  experimentId: z.number().int(),
  name: z.string(),
  preset: z.string().nullable(),
  op: Op.nullable(),
  schedule: Schedule,
  /** a run's length in its unit (iterations or epochs) */
  length: z.number().int(),
  seeds: z.array(Seed),
  progress: StudyProgress,
  groups: z.array(StudyGroup),
  /** the interval on every rate: Wilson's score interval, 95 %, as binom.confint(method = 'wilson') */
  interval: z.literal('wilson-95')
})
export type StudySummary = z.infer<typeof StudySummary>

export const StudyMetric = z.enum(['extrapMse', 'interpMse', 'trainMse'])
export type StudyMetric = z.infer<typeof StudyMetric>

export const StudySeedCurve = z.object({
  runId: z.number().int(),
  seed: z.number().int(),
  x: z.array(z.number()),
  y: z.array(LossValue)
})

export const StudyCurveGroup = z.object({
  key: z.string(),
  model: z.string(),
  op: Op.nullable(),
  x: z.array(z.number()),
  median: z.array(LossValue),
  q1: z.array(LossValue),
  q3: z.array(LossValue),
  count: z.array(z.number().int()),
  /** each seed's own curve, only when asked for */
  seeds: z.array(StudySeedCurve).optional()
})
export type StudyCurveGroup = z.infer<typeof StudyCurveGroup>

export const StudySeries = z.object({
  experimentId: z.number().int(),
  metric: StudyMetric,
  /** what x counts */
  unit: z.enum(['iteration', 'epoch']),
  /** every how many stored points one is kept (1 = all) */
  stride: z.number().int().min(1),
  groups: z.array(StudyCurveGroup)
})
export type StudySeries = z.infer<typeof StudySeries>
