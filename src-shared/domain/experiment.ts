import { z } from 'zod'
import { ProblemSpec } from './problem'
import { ModelSpec } from './model'
import { TrainingSpec } from './training'

export const Seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1)

/** Everything a researcher designs in New experiment; one run per model × seed. */
export const ExperimentSpec = z
  .object({
    name: z.string().trim().min(1, 'name must not be empty').max(200),
    /** the preset it started from, if any (kept for filtering the history) */
    preset: z.string().max(100).nullable().default(null),
    problem: ProblemSpec,
    models: z.array(ModelSpec).min(1, 'choose at least one model').max(50),
    training: TrainingSpec,
    // a study of the paper's size is 100 seeds a model; the run count and memory limits of a whole
    // experiment are checked separately (limits), so this bounds only the list itself
    seeds: z.array(Seed).min(1, 'give at least one seed').max(1000),
    tags: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
    notes: z.string().max(20_000).default('')
  })
  .strict()
export type ExperimentSpec = z.infer<typeof ExperimentSpec>
/** What a form or a preset may leave to defaults. */
export type ExperimentSpecInput = z.input<typeof ExperimentSpec>

export const Preset = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  spec: ExperimentSpec
})
export type Preset = z.infer<typeof Preset>
