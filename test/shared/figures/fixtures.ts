import type { EpochMetrics, RunSeries } from '@shared/domain'

/** Deterministic synthetic epochs: decaying losses with a wobble that differs per run. */
export function syntheticEpochs(n: number, salt = 1): EpochMetrics[] {
  return Array.from({ length: n }, (_, i) => {
    const epoch = i + 1
    const wobble = 1 + 0.3 * Math.sin(epoch * 0.7 + salt)
    return {
      epoch,
      trainMse: (10 * salt * wobble) / epoch,
      interpMse: (20 * salt * wobble) / epoch,
      extrapMse: (400 * salt * wobble) / Math.sqrt(epoch),
      perOutput: { interp: [1 / epoch], extrap: [2 / epoch] },
      wallMs: epoch * 37 + salt
    }
  })
}

export function syntheticSeries(id: number, model: string, seed: number, epochs: number, preset: string | null = 'mystery'): RunSeries {
  return { id, label: `${model} s${seed}`, model, seed, preset, experimentName: 'Mystery problem', series: syntheticEpochs(epochs, id) }
}
