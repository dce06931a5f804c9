import type { TrainingSpec } from '@shared/domain'

/** Bumped whenever the numerics of the engine change, so stored runs say which engine made them. */
export const ENGINE_VERSION = '9'

/**
 * Which path runs a training spec. Every built-in unit has checked fused kernels, so `auto` is the
 * fused path (the fastest) unless a tfjs backend was asked for, which implies the tfjs path.
 * Returns an error text for the contradictory `fused` + a tfjs backend.
 */
export function resolvePath(t: Pick<TrainingSpec, 'path' | 'backend'>): { path: 'fused' | 'tfjs' } | { error: string } {
  if (t.path === 'tfjs') return { path: 'tfjs' }
  if (t.path === 'fused') {
    return t.backend === 'auto'
      ? { path: 'fused' }
      : { error: `backend '${t.backend}' is a tfjs backend: use path 'tfjs' or 'auto' with it` }
  }
  return { path: t.backend === 'auto' ? 'fused' : 'tfjs' }
}
