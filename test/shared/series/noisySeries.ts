import type { SeriesColumns } from '@shared/series/columns'
import { xorshift32 } from '../../helpers/xorshift'

/** A noisy decaying loss with plateaus (ties), spikes, NaN and ±Infinity, at irregular epochs. */
export function series(n: number, seed: number, step = 1): SeriesColumns<number[]> {
  const r = xorshift32(seed)
  const c: SeriesColumns<number[]> = { epoch: [], trainMse: [], interpMse: [], extrapMse: [], wallMs: [] }
  let e = step === 1 ? 1 : 0
  for (let i = 0; i < n; i++) {
    const plateau = r() < 0.2 && i > 0
    const v = (k: number) => {
      if (plateau) return c[k === 0 ? 'trainMse' : k === 1 ? 'interpMse' : 'extrapMse'][i - 1]
      const u = r()
      if (u < 0.002) return NaN
      if (u < 0.003) return Infinity
      if (u < 0.006) return 1e6 * r()
      return Math.exp(-i / n) * (1 + r()) * 10 ** k
    }
    c.epoch.push(e)
    c.trainMse.push(v(0))
    c.interpMse.push(v(1))
    c.extrapMse.push(v(2))
    c.wallMs.push(i * 1.5 + r())
    e += step * (r() < 0.1 ? 2 : 1)
  }
  return c
}
