/**
 * Learned weights packed for the trip from a training process to the store (no schema: imported
 * by the training process, which loads no zod): the units' shapes, and every value in one
 * Float32Array in the stored order. Structured clone copies it as bytes, and the store keeps those
 * bytes as they came; Float32 is what a snapshot is stored as and drawn from.
 */
export interface WeightsLayout {
  units: { kind: string; gates: number[] | null; matrices: { name: string; rows: number; cols: number }[] }[]
}

export interface PackedWeights extends WeightsLayout {
  values: Float32Array
}
