import { z } from 'zod'

export const Optimizer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('adam'), lr: z.number().finite().gt(0).default(0.001), beta1: z.number().gt(0).lt(1).default(0.9), beta2: z.number().gt(0).lt(1).default(0.999), epsilon: z.number().gt(0).default(1e-8) }).strict(),
  z.object({ kind: z.literal('sgd'), lr: z.number().finite().gt(0).default(0.01), momentum: z.number().min(0).lt(1).default(0) }).strict(),
  z.object({ kind: z.literal('rmsprop'), lr: z.number().finite().gt(0).default(0.001), decay: z.number().gt(0).lt(1).default(0.9), epsilon: z.number().gt(0).default(1e-8) }).strict()
])
export type Optimizer = z.infer<typeof Optimizer>

/** How a run executes: fused Float64 kernels, tfjs autodiff, or whichever is fastest and correct. */
export const ExecPath = z.enum(['auto', 'fused', 'tfjs'])
export type ExecPath = z.infer<typeof ExecPath>
export const Backend = z.enum(['auto', 'tensorflow', 'wasm', 'cpu'])
export type Backend = z.infer<typeof Backend>

export const TrainingSpec = z
  .object({
    epochs: z.number().int().min(1).max(1_000_000),
    batchSize: z.number().int().min(1, 'batch size must be at least 1').max(1_000_000),
    optimizer: Optimizer,
    loss: z.literal('mse').default('mse'),
    /** clip the global gradient norm to this value; null = no clipping */
    gradClip: z.number().finite().gt(0).nullable().default(null),
    path: ExecPath.default('auto'),
    backend: Backend.default('auto'),
    /** ε of the ε-perfect solution that sets each output's success threshold (Madsen & Johansen) */
    successEpsilon: z.number().gt(0).default(1e-5)
  })
  .strict()
export type TrainingSpec = z.infer<typeof TrainingSpec>
