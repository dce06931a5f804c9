import type { Rng } from '../rng'
import type { Param } from './types'

/** Glorot/Xavier normal: N(0, 2 / (fan_in + fan_out)), as torch.nn.init.xavier_normal_. */
export function xavierNormal(p: Param, rng: Rng, fanIn: number, fanOut: number): void {
  const std = Math.sqrt(2 / (fanIn + fanOut))
  for (let i = 0; i < p.value.length; i++) p.value[i] = std * rng.normal()
}

/** Glorot/Xavier uniform: U(−√(6 / (fan_in + fan_out)), +…). */
export function xavierUniform(p: Param, rng: Rng, fanIn: number, fanOut: number): void {
  uniform(p, rng, -Math.sqrt(6 / (fanIn + fanOut)), Math.sqrt(6 / (fanIn + fanOut)))
}

export function uniform(p: Param, rng: Rng, lo: number, hi: number): void {
  for (let i = 0; i < p.value.length; i++) p.value[i] = rng.uniform(lo, hi)
}

export function normal(p: Param, rng: Rng, mean: number, std: number): void {
  for (let i = 0; i < p.value.length; i++) p.value[i] = mean + std * rng.normal()
}

export function constant(p: Param, v: number): void {
  p.value.fill(v)
}

// one definition for the engine and the weight histogram's prior
export { nacOptimalR, nacWeightVariance } from '@shared/weights/nacInit'
