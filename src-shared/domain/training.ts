import { z } from 'zod'

export const Optimizer = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('adam'),
      lr: z.number().finite().gt(0).default(0.001),
      beta1: z.number().gt(0).lt(1).default(0.9),
      beta2: z.number().gt(0).lt(1).default(0.999),
      epsilon: z.number().gt(0).default(1e-8)
    })
    .strict(),
  z.object({ kind: z.literal('sgd'), lr: z.number().finite().gt(0).default(0.01), momentum: z.number().min(0).lt(1).default(0) }).strict(),
  z
    .object({
      kind: z.literal('rmsprop'),
      lr: z.number().finite().gt(0).default(0.001),
      decay: z.number().gt(0).lt(1).default(0.9),
      epsilon: z.number().gt(0).default(1e-8)
    })
    .strict()
])
export type Optimizer = z.infer<typeof Optimizer>

/** How a run executes: fused Float64 kernels, tfjs autodiff, or whichever is fastest and correct. */
export const ExecPath = z.enum(['auto', 'fused', 'tfjs'])
export type ExecPath = z.infer<typeof ExecPath>
export const Backend = z.enum(['auto', 'tensorflow', 'wasm', 'cpu'])
export type Backend = z.infer<typeof Backend>

/**
 * The fused path's matrix products: in Float64 (the default), in float32 (parameters, gradients
 * and the optimiser stay Float64: mixed precision, faster on large problems, docs/engine.md), or
 * float32 by size ('auto'). The tfjs path computes in float32 whatever this says.
 */
export const Precision = z.enum(['float64', 'float32', 'auto'])
export type Precision = z.infer<typeof Precision>

/**
 * How training steps are counted. 'epochs': passes over a fixed training set, evaluated after each
 * pass (the article). 'iterations': a fresh batch is drawn for every step and the interpolation and
 * extrapolation sets are evaluated every `evalEvery` iterations, iteration 0 included (Madsen &
 * Johansen's protocol). Series, schedules and success points count in the same unit.
 */
export const Schedule = z.enum(['epochs', 'iterations'])
export type Schedule = z.infer<typeof Schedule>

export const TrainingSpec = z
  .object({
    schedule: Schedule.default('epochs'),
    /** 'epochs' schedule: passes over the training set */
    epochs: z.number().int().min(1).max(1_000_000).default(100),
    /** 'iterations' schedule: optimiser steps, each on a freshly drawn batch */
    iterations: z.number().int().min(1).max(100_000_000).default(50_000),
    /** 'iterations' schedule: evaluate (and store a series point) every this many iterations */
    evalEvery: z.number().int().min(1).max(10_000_000).default(1000),
    /** 'epochs' schedule: reshuffle the training rows before every epoch */
    shuffle: z.boolean().default(true),
    /** 'epochs' schedule: drop a last batch smaller than batchSize (no tiny, noisy final step) */
    dropLast: z.boolean().default(true),
    batchSize: z.number().int().min(1, 'batch size must be at least 1').max(1_000_000),
    optimizer: Optimizer,
    loss: z.literal('mse').default('mse'),
    /** clip the global gradient norm to this value; null = no clipping */
    gradClip: z.number().finite().gt(0).nullable().default(null),
    path: ExecPath.default('auto'),
    backend: Backend.default('auto'),
    /** optional, no default: absent means float64, and a spec without it keeps its config hash */
    precision: Precision.optional(),
    /** ε of the ε-perfect solution that sets each output's success threshold (Madsen & Johansen) */
    successEpsilon: z.number().gt(0).default(1e-5)
  })
  .strict()
export type TrainingSpec = z.infer<typeof TrainingSpec>
