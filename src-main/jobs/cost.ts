import type { UnitKind } from '@shared/domain'
import type { RunJobSpec } from '../store/types'

/** Multiply-adds per input × output weight and row, relative to a plain linear layer. */
const UNIT_WORK: Record<UnitKind, number> = {
  vanilla: 1,
  linear: 1,
  mlp: 1,
  nac: 1,
  nau: 1,
  realnpu: 2,
  nalu: 3,
  nmu: 3,
  inalu: 4,
  npu: 4
}

/**
 * A rough estimate of a job's work, only to order one submission longest first: with one process
 * per core, starting the longest job first lets the cores finish together (LPT scheduling).
 */
export function estimatedWork(job: RunJobSpec): number {
  const { problem, training } = job.spec
  const rows = problem.train.size * 3 + problem.interp.size + problem.extrap.size
  const outDim = problem.kind === 'mystery' ? problem.outDim : 1
  const dims = job.modelSpec.units.length === 1 ? [problem.inDim, outDim] : [problem.inDim, job.modelSpec.hidden, outDim]
  const perRow = job.modelSpec.units.reduce((sum, u, i) => {
    const size = u.kind === 'mlp' ? u.hidden * (dims[i] + dims[i + 1]) : dims[i] * dims[i + 1]
    return sum + size * UNIT_WORK[u.kind]
  }, 0)
  return training.epochs * rows * perRow
}
