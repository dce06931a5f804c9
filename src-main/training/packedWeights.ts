import type { LearnedWeights } from '@shared/domain'

import type { PackedWeights } from '@shared/weights/packed'

export type { PackedWeights }

/** Learned weights as a weight snapshot crosses from a training process to the job queue (@shared/weights/packed.ts). */
export function packWeights(w: LearnedWeights): PackedWeights {
  let n = 0
  for (const u of w.units) for (const m of u.matrices) n += m.data.length
  const values = new Float32Array(n)
  let at = 0
  const units = w.units.map((u) => ({
    kind: u.kind,
    gates: u.gates,
    matrices: u.matrices.map((m) => {
      if (m.data.length !== m.rows * m.cols)
        throw new Error(`weights: matrix ${m.name} holds ${m.data.length} values, not ${m.rows} × ${m.cols}`)
      values.set(m.data, at)
      at += m.data.length
      return { name: m.name, rows: m.rows, cols: m.cols }
    })
  }))
  return { units, values }
}

/** The weights again (each value the Float32 nearest the original); throws if shapes and values disagree. */
export function unpackWeights(p: PackedWeights): LearnedWeights {
  if (!(p.values instanceof Float32Array)) throw new Error('packed weights: the values are not a Float32Array')
  let at = 0
  const units = p.units.map((u) => ({
    kind: u.kind,
    gates: u.gates,
    matrices: u.matrices.map((m) => {
      const len = m.rows * m.cols
      if (at + len > p.values.length)
        throw new Error(`packed weights: matrix ${m.name} (${m.rows} × ${m.cols}) runs past the ${p.values.length} values`)
      const data = Array.from(p.values.subarray(at, at + len))
      at += len
      return { ...m, data }
    })
  }))
  if (at !== p.values.length) throw new Error(`packed weights: ${p.values.length} values where the shapes describe ${at}`)
  return { units }
}
