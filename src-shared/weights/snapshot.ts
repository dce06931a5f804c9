import { z } from 'zod'
import { LearnedWeights } from '../domain'

/** The learned weights at one step of training (epoch, or iteration for the iterations schedule). */
export const WeightSnapshot = z.object({
  step: z.number().int().min(0),
  weights: LearnedWeights
})
export type WeightSnapshot = z.infer<typeof WeightSnapshot>

/** A live snapshot on its way to the screen: `stored` says whether it is one of the replay's steps. */
export const LiveWeights = WeightSnapshot.extend({
  runId: z.number().int().min(1),
  stored: z.boolean()
})
export type LiveWeights = z.infer<typeof LiveWeights>
